//! The README's example output is what the command prints (so its numbers come from the
//! specs, not from the README).

use std::io::Write;
use std::process::{Command, Stdio};

#[test]
fn the_readme_example_is_the_real_output() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let block = readme
        .split("$ echo '")
        .nth(1)
        .expect("the README has the example");
    let (body, rest) = block.split_once("' | capspec validate ").unwrap();
    let provider = rest.split_whitespace().next().unwrap();
    let printed = &rest[rest.find('\n').unwrap() + 1..rest.find("\n```").unwrap()];
    let printed: serde_json::Value = serde_json::from_str(printed).expect("the README shows JSON");

    let mut child = Command::new(env!("CARGO_BIN_EXE_capspec"))
        .args(["validate", provider])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(body.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let actual: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(actual, printed);
}

#[test]
fn the_readme_lists_exactly_the_shipped_models() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let table = readme
        .split("The shipped models")
        .nth(1)
        .expect("the README lists the shipped models");
    let table = &table[..table.find("\n\n#").unwrap_or(table.len())];
    let mut listed: Vec<&str> = table
        .lines()
        .filter(|l| l.starts_with("| `"))
        .flat_map(|l| l.split('|').nth(2).unwrap().split(','))
        .map(|id| id.trim().trim_matches('`'))
        .collect();
    listed.sort_unstable();
    let mut shipped = capspec::SPEC_IDS.to_vec();
    shipped.sort_unstable();
    assert_eq!(listed, shipped);
}
