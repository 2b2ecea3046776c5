//! The `cruxmap` command: parse arguments, call the library, exit with its status.

fn main() -> std::process::ExitCode {
    cruxmap::cli::run()
}
