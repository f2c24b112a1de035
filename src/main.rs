// mimalloc: the tool allocates many small strings (claims, findings, TOML
// values); against glibc's allocator it cut `import`'s time by a third
// (docs/benchmarks.md).
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() {
    std::process::exit(claimtrack::cli::main());
}
