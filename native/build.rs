//! Records a fingerprint of the crate's sources in the build, so that the Python tests can
//! tell a stale `textclean/_native` (sources edited, core not rebuilt) from a fresh one.

use std::fs;
use std::path::Path;

fn main() {
    let mut files: Vec<_> = fs::read_dir("src")
        .expect("native/src")
        .map(|e| e.expect("native/src entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .collect();
    files.sort();
    files.push(Path::new("Cargo.toml").to_path_buf());
    // FNV-1a over each file's name and contents (tests/test_native.py computes the same)
    let mut h: u64 = 0xcbf29ce484222325;
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        for b in name.bytes().chain([0]).chain(fs::read(path).expect("a source file")).chain([0]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x100000001b3);
        }
        println!("cargo:rerun-if-changed={}", path.display());
    }
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rustc-env=TEXTCLEAN_NATIVE_SOURCES={h:016x}");
}
