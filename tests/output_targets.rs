//! `-o PATH` where PATH is not a plain file: a stream (FIFO, device, the file standard output
//! already writes to) is written into and stays what it was; a symbolic link stays a link and the
//! file it points to gets the result; a missing folder is named. Replacing such paths by renaming
//! a temporary file over them once turned a root user's `-o /dev/null` into a regular file.

#![cfg(unix)]

use std::ffi::CString;
use std::fs;
use std::io::Read;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::FileTypeExt;
use std::path::Path;
use std::process::Stdio;

mod common;
use common::*;

const SEED: &str = "seeds/son-la-142.txt";

fn c_path(path: &Path) -> CString {
    CString::new(path.as_os_str().as_bytes()).unwrap()
}

fn parse_to(output: &Path) -> std::process::Output {
    plandoc()
        .args(["parse", SEED, "-o"])
        .arg(output)
        .output()
        .unwrap()
}

/// What `path` itself is (a link is not followed).
fn kind(path: &Path) -> fs::FileType {
    fs::symlink_metadata(path).unwrap().file_type()
}

fn is_plan(bytes: &[u8]) -> bool {
    serde_json::from_slice::<serde_json::Value>(bytes)
        .is_ok_and(|plan| plan["schema"] == "plandoc/plan@1")
}

#[test]
fn a_fifo_is_written_into_and_stays_a_fifo() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.json");
    // SAFETY: mkfifo reads the NUL-terminated path we pass.
    assert_eq!(unsafe { libc::mkfifo(c_path(&fifo).as_ptr(), 0o600) }, 0);
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            fs::File::open(fifo)
                .unwrap()
                .read_to_end(&mut bytes)
                .unwrap();
            bytes
        })
    };
    let output = parse_to(&fifo);
    assert!(output.status.success(), "{output:?}");
    assert!(is_plan(&reader.join().unwrap()));
    assert!(kind(&fifo).is_fifo());
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary file"
    );
}

/// Needs root to make a device; as root it checks what broke: `-o` on a null device.
#[test]
fn a_device_is_written_into_and_stays_a_device() {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        eprintln!("skipped: making a device node needs root");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let device = dir.path().join("null");
    let mode = libc::S_IFCHR | 0o666;
    // SAFETY: mknod reads the path we pass; (1, 3) is the null device, which discards writes.
    let made = unsafe { libc::mknod(c_path(&device).as_ptr(), mode, libc::makedev(1, 3)) };
    if made != 0 {
        eprintln!("skipped: this system refuses device nodes here");
        return;
    }
    let output = parse_to(&device);
    assert!(output.status.success(), "{output:?}");
    assert!(kind(&device).is_char_device());
}

#[test]
fn a_symbolic_link_stays_and_its_target_gets_the_result() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("reports")).unwrap();
    fs::write(dir.path().join("reports/latest-real.json"), b"old").unwrap();
    let link = dir.path().join("latest.json");
    std::os::unix::fs::symlink("reports/latest-real.json", &link).unwrap();
    let output = parse_to(&link);
    assert!(output.status.success(), "{output:?}");
    assert!(kind(&link).is_symlink());
    assert!(is_plan(
        &fs::read(dir.path().join("reports/latest-real.json")).unwrap()
    ));
    assert_eq!(tree(dir.path()).len(), 1, "{:?}", tree(dir.path()).keys());
}

/// `-o /dev/stdout` under `>> file`: the result is appended through standard output itself, not
/// written over the file from its start nor renamed over it.
#[test]
fn standard_output_named_as_a_path_keeps_its_redirection() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("log.txt");
    fs::write(&log, b"before\n").unwrap();
    let append = fs::OpenOptions::new().append(true).open(&log).unwrap();
    let status = std::process::Command::new(assert_cmd::cargo::cargo_bin("plandoc"))
        .args(["parse", SEED, "-o", "/dev/stdout"])
        .stdout(Stdio::from(append))
        .status()
        .unwrap();
    assert!(status.success());
    let bytes = fs::read(&log).unwrap();
    assert!(bytes.starts_with(b"before\n{"), "{:?}", &bytes[..20]);
    assert!(is_plan(&bytes[7..]));
    assert_eq!(tree(dir.path()).len(), 1, "no temporary file");
}

#[test]
fn a_missing_folder_is_named_not_a_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let output = parse_to(&dir.path().join("nosuch/plan.json"));
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("folder") && stderr.contains("nosuch"),
        "{stderr}"
    );
    assert!(stderr.contains("does not exist"), "{stderr}");
    assert!(!stderr.contains(".plandoc-"), "{stderr}");
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn a_loop_of_links_is_an_error_not_a_hang() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.json"), dir.path().join("b.json"));
    std::os::unix::fs::symlink(&b, &a).unwrap();
    std::os::unix::fs::symlink(&a, &b).unwrap();
    let output = parse_to(&a);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("symbolic links"), "{stderr}");
    // Both links are still links.
    for link in [&a, &b] {
        assert!(kind(link).is_symlink());
    }
}

/// A file made read-only was protected on purpose: refused (root included, who could rename
/// over it), left as it was; through a link, the link's target is what counts.
#[test]
fn a_read_only_file_is_refused_and_kept() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.json");
    fs::write(&report, b"kept").unwrap();
    fs::set_permissions(&report, fs::Permissions::from_mode(0o444)).unwrap();
    let link = dir.path().join("latest.json");
    std::os::unix::fs::symlink(&report, &link).unwrap();
    for target in [&report, &link] {
        let output = parse_to(target);
        assert_eq!(output.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("read-only") && stderr.contains("report.json"),
            "{stderr}"
        );
    }
    assert_eq!(fs::read(&report).unwrap(), b"kept");
    assert!(kind(&link).is_symlink());
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        2,
        "no temporary file left"
    );
}

/// A socket cannot be opened for writing; renaming over it would remove it. Refused, kept.
#[test]
fn a_socket_is_refused_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    // Named as a JSON file, so that it is the socket, not the name, that is refused.
    let socket = dir.path().join("plan.json");
    let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
    let output = parse_to(&socket);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("is a socket"));
    assert!(kind(&socket).is_socket());
}

/// `check -o` naming a draft, a baseline or the configuration is refused before anything is
/// read, as the other commands refuse their inputs.
#[test]
fn check_never_writes_its_report_over_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let draft = dir.path().join("draft.txt");
    let baseline = dir.path().join("baseline.txt");
    fs::copy(SEED, &draft).unwrap();
    fs::copy("seeds/dak-lak-142.txt", &baseline).unwrap();
    for target in [&draft, &baseline] {
        let output = plandoc()
            .arg("check")
            .arg(&draft)
            .arg("--baseline")
            .arg(&baseline)
            .arg("--no-config")
            .arg("-o")
            .arg(target)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{output:?}");
        assert!(String::from_utf8_lossy(&output.stderr).contains("would overwrite the input"));
    }
    assert_eq!(fs::read(&draft).unwrap(), fs::read(SEED).unwrap());
    assert_eq!(
        fs::read(&baseline).unwrap(),
        fs::read("seeds/dak-lak-142.txt").unwrap()
    );
}

/// `-o name/` (a folder) for a format written as one file: every command says so in its own
/// words and writes nothing; the operating system's "Not a directory" named the wrong problem.
/// A CSV view file made read-only in a folder is refused, the folder left as it was.
#[test]
fn a_folder_for_one_file_and_a_read_only_view_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let folder = format!("{}/new/", dir.path().display());
    for args in [
        vec![
            "diff",
            SEED,
            "seeds/kon-tum-142.txt",
            "-f",
            "json",
            "-o",
            &folder,
        ],
        vec![
            "diff",
            SEED,
            "seeds/kon-tum-142.txt",
            "-f",
            "xlsx",
            "-o",
            &folder,
        ],
        vec!["parse", SEED, "-f", "json", "-o", &folder],
        vec!["check", SEED, "-o", &folder],
    ] {
        let output = plandoc().args(&args).output().unwrap();
        let stderr = stderr_of(&output);
        assert_eq!(exit_code(&output), 2, "{args:?}: {stderr}");
        assert!(stderr.contains("a folder"), "{args:?}: {stderr}");
        assert!(!stderr.contains("Not a directory"), "{args:?}: {stderr}");
        assert!(!dir.path().join("new").exists(), "{args:?}");
    }
    let views = dir.path().join("views");
    let diff_into_views = |other: &str| {
        plandoc()
            .args(["diff", SEED, other, "-f", "csv", "-o"])
            .arg(format!("{}/", views.display()))
            .output()
            .unwrap()
    };
    assert_eq!(exit_code(&diff_into_views("seeds/kon-tum-142.txt")), 0);
    let before = tree(&views);
    let protected = views.join("targets.csv");
    let mut permissions = fs::metadata(&protected).unwrap().permissions();
    permissions.set_readonly(true);
    fs::set_permissions(&protected, permissions).unwrap();
    let output = diff_into_views("seeds/gia-lai-142.txt");
    assert_eq!(exit_code(&output), 2, "{}", stderr_of(&output));
    assert!(stderr_of(&output).contains("targets.csv: cannot write: is read-only"));
    assert_eq!(tree(&views), before);
}
