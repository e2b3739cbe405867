//! The `natter-bench` binary: parses the command line, runs one scenario, prints its report.
// A command-line program: printing its report to stdout is its job.
#![allow(clippy::print_stdout)]

use clap::Parser;
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = natter_bench::Cli::parse();
    let json = cli.json();
    match natter_bench::run(cli).await {
        Ok(report) => {
            if json {
                println!("{}", report.json);
            } else {
                print!("{}", report.summary);
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("natter-bench: {error:#}");
            ExitCode::FAILURE
        }
    }
}
