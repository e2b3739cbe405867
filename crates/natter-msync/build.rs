//! Compiles `proto/msync.proto` (the official SDK's schema) with protox, so no `protoc` is needed.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-changed=proto/msync.proto");
    let descriptors = protox::compile(["proto/msync.proto"], ["proto"])?;
    prost_build::Config::new().compile_fds(descriptors)?;
    Ok(())
}
