fn main() {
    std::process::exit(plandoc::cli::run());
}
