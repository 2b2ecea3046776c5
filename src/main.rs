//! The `cruxmap` command: parse arguments, call the library, exit with its status.

// Loading a map allocates many small strings; mimalloc makes that and the page faults
// behind it markedly cheaper than the system allocator (see docs/performance.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cruxmap::cli::run()
}
