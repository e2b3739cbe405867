//! natter binary tests: the real executable, started as operators and scripts start it.

mod cli_codes;
mod serve;

use std::path::Path;
use std::process::{Command, Output};

/// Runs `natter ARGS` to completion.
pub(crate) fn natter(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_natter"))
        .args(args)
        .env_remove("NATTER_CONFIG")
        .env_remove("NATTER_LOG")
        .output()
        .expect("run natter")
}

/// Runs `natter ARGS` in `directory`, with extra environment variables.
pub(crate) fn natter_in(directory: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_natter"))
        .current_dir(directory)
        .args(args)
        .env_remove("NATTER_CONFIG")
        .envs(env.iter().copied())
        .output()
        .expect("run natter")
}

pub(crate) fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}
