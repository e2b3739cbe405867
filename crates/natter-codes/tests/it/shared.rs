//! Finding `../shared` (the seeds and references) beside the checkout, and reading its markdown tables.

use std::path::PathBuf;

/// `../shared` next to the repository root, when it exists. The project's own tests must pass without it;
/// CI always has it, so the seed checks run there.
pub(crate) fn shared_dir() -> Option<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../..")
        .join("shared");
    root.join("seeds").is_dir().then_some(root)
}

/// Reads a file under `../shared`, or `None` (with a note on stderr) when `../shared` is absent.
pub(crate) fn read_shared(relative: &str) -> Option<String> {
    let Some(root) = shared_dir() else {
        eprintln!("../shared is absent: skipping the check against {relative}");
        return None;
    };
    let path = root.join(relative);
    Some(std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("reading {}: {error}", path.display())))
}

/// The seed file whose name starts with `prefix` (for example `"000"`).
pub(crate) fn read_seed(prefix: &str) -> Option<String> {
    let root = shared_dir()?;
    let seeds = root.join("seeds");
    let mut names: Vec<_> = std::fs::read_dir(&seeds)
        .expect("listing seeds")
        .filter_map(|item| item.ok())
        .map(|item| item.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(prefix))
        .collect();
    names.sort();
    let name = names
        .first()
        .unwrap_or_else(|| panic!("no seed starting with {prefix}"));
    read_shared(&format!("seeds/{name}"))
}

/// The rows of every markdown table in `text`: each row as its trimmed cells, header and separator rows
/// excluded, with the header of the table the row belongs to.
pub(crate) fn markdown_rows(text: &str) -> Vec<(Vec<String>, Vec<String>)> {
    let mut rows = Vec::new();
    let mut header: Option<Vec<String>> = None;
    for line in text.lines() {
        let trimmed = line.trim();
        if !trimmed.starts_with('|') {
            header = None;
            continue;
        }
        let cells: Vec<String> = trimmed
            .trim_matches('|')
            .split('|')
            .map(|cell| cell.trim().to_string())
            .collect();
        if cells
            .iter()
            .all(|cell| cell.chars().all(|c| matches!(c, '-' | ':' | ' ')))
        {
            continue;
        }
        match &header {
            None => header = Some(cells),
            Some(current) => rows.push((current.clone(), cells)),
        }
    }
    rows
}
