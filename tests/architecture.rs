//! The rules of the house that the compiler alone does not keep: no import circle between
//! the modules of either crate (one file is one module; a module may use its ancestors'
//! names, which is how Rust folders work, but two modules never use each other, directly
//! or around a ring), and a core whose manifest lists no egui, eframe or clap. Reads the
//! source files; links nothing of the project.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// A module's path inside its crate, like `["batch", "input"]`; the crate root is `[]`.
type ModulePath = Vec<String>;

/// The crates of the workspace and the top-level names of the app that are the core's,
/// re-exported (a use of them in the app leaves the app).
const CRATES: [(&str, &[&str]); 2] = [
    (
        "src",
        &[
            "batch",
            "connections",
            "deliver",
            "history",
            "link",
            "profiles",
            "whole_file",
        ],
    ),
    ("crates/core/src", &[]),
];

fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every `.rs` file under `root` with its module path.
fn modules_of(root: &Path) -> BTreeMap<ModulePath, PathBuf> {
    let mut modules = BTreeMap::new();
    let mut folders = vec![root.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in fs::read_dir(&folder).expect("a source folder") {
            let path = entry.expect("a folder entry").path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                modules.insert(module_path(root, &path), path);
            }
        }
    }
    modules
}

fn module_path(root: &Path, file: &Path) -> ModulePath {
    let relative = file.strip_prefix(root).expect("under the root");
    let mut parts: Vec<String> = relative
        .with_extension("")
        .components()
        .map(|part| part.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// The file's code without its unit tests, whose `super::` is the file itself.
fn code_without_tests(text: &str) -> &str {
    text.find("#[cfg(test)]\nmod tests")
        .map_or(text, |start| &text[..start])
}

/// The paths of every `use` statement, braces expanded.
fn use_paths(code: &str) -> Vec<String> {
    let mut paths = Vec::new();
    let mut rest = code;
    while let Some(start) = find_use(rest) {
        let statement = &rest[start..];
        let end = statement.find(';').unwrap_or(statement.len());
        let body: String = statement["use ".len()..end]
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        expand(&body, &mut paths);
        rest = &statement[end..];
    }
    paths
}

/// The next `use` at the start of a line (after `pub`, `pub(crate)` or `pub(super)`).
fn find_use(code: &str) -> Option<usize> {
    let mut offset = 0;
    for line in code.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let visibility_free = ["pub(crate) ", "pub(super) ", "pub "]
            .iter()
            .find_map(|prefix| trimmed.strip_prefix(prefix))
            .unwrap_or(trimmed);
        if visibility_free.starts_with("use ") {
            return Some(offset + (line.len() - visibility_free.len()));
        }
        offset += line.len();
    }
    None
}

/// `a::{b, c::{d, e}}` into `a::b`, `a::c::d`, `a::c::e`.
fn expand(body: &str, out: &mut Vec<String>) {
    let Some(open) = body.find('{') else {
        out.push(body.to_owned());
        return;
    };
    let prefix = &body[..open];
    let inner = &body[open + 1..body.rfind('}').unwrap_or(body.len())];
    let mut depth = 0;
    let mut start = 0;
    for (index, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                expand(&format!("{prefix}{}", &inner[start..index]), out);
                start = index + 1;
            }
            _ => {}
        }
    }
    if start < inner.len() {
        expand(&format!("{prefix}{}", &inner[start..]), out);
    }
}

/// Paths written in the code itself, like `crate::link::check(…)` or `super::format::X`.
fn inline_paths(code: &str) -> Vec<String> {
    let mut paths = Vec::new();
    for (start, _) in code
        .match_indices("crate::")
        .chain(code.match_indices("super::"))
    {
        let before = code[..start].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        let path: String = code[start..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
            .collect();
        paths.push(path);
    }
    paths
}

/// The module a path from `from` lands in: the longest known module its segments name.
fn target_of(
    from: &ModulePath,
    path: &str,
    modules: &BTreeMap<ModulePath, PathBuf>,
) -> Option<ModulePath> {
    let mut segments = path.split("::").filter(|s| !s.is_empty()).peekable();
    let mut base: ModulePath = from.clone();
    match segments.peek().copied() {
        Some("crate") => {
            segments.next();
            base.clear();
        }
        // The module path of `name.rs` and of `name/mod.rs` is the same, so `super` is
        // one step up from either.
        Some("super") => {
            base.pop();
            segments.next();
            while segments.peek() == Some(&"super") {
                base.pop();
                segments.next();
            }
        }
        Some("self") => {
            segments.next();
        }
        _ => return None,
    }
    let mut target = base;
    for segment in segments {
        let mut longer = target.clone();
        longer.push(segment.to_owned());
        if modules.contains_key(&longer) {
            target = longer;
        } else {
            break;
        }
    }
    Some(target)
}

/// Which modules each module uses, leaving out itself, its ancestors and the core's
/// names re-exported in the app.
fn import_graph(root: &Path, external: &[&str]) -> BTreeMap<ModulePath, BTreeSet<ModulePath>> {
    let modules = modules_of(root);
    let mut graph = BTreeMap::new();
    for (module, file) in &modules {
        let text = fs::read_to_string(file).expect("a source file");
        let code = code_without_tests(&text);
        let mut used = BTreeSet::new();
        for path in use_paths(code).into_iter().chain(inline_paths(code)) {
            let Some(target) = target_of(module, &path, &modules) else {
                continue;
            };
            let is_ancestor = module.starts_with(&target);
            let leaves_the_crate = target
                .first()
                .is_some_and(|first| external.contains(&first.as_str()));
            if !is_ancestor && !leaves_the_crate {
                used.insert(target);
            }
        }
        graph.insert(module.clone(), used);
    }
    graph
}

/// Every ring of modules that use each other (Tarjan's strongly connected components of
/// more than one module).
fn rings(graph: &BTreeMap<ModulePath, BTreeSet<ModulePath>>) -> Vec<Vec<String>> {
    struct Search<'g> {
        graph: &'g BTreeMap<ModulePath, BTreeSet<ModulePath>>,
        index: BTreeMap<&'g ModulePath, usize>,
        low: BTreeMap<&'g ModulePath, usize>,
        stack: Vec<&'g ModulePath>,
        on_stack: BTreeSet<&'g ModulePath>,
        found: Vec<Vec<String>>,
    }
    impl<'g> Search<'g> {
        fn visit(&mut self, node: &'g ModulePath) {
            let number = self.index.len();
            self.index.insert(node, number);
            self.low.insert(node, number);
            self.stack.push(node);
            self.on_stack.insert(node);
            for next in self.graph.get(node).into_iter().flatten() {
                let Some((next, _)) = self.graph.get_key_value(next) else {
                    continue;
                };
                if !self.index.contains_key(next) {
                    self.visit(next);
                    let low = self.low[node].min(self.low[next]);
                    self.low.insert(node, low);
                } else if self.on_stack.contains(next) {
                    let low = self.low[node].min(self.index[next]);
                    self.low.insert(node, low);
                }
            }
            if self.low[node] == self.index[node] {
                let mut ring = Vec::new();
                while let Some(member) = self.stack.pop() {
                    self.on_stack.remove(member);
                    ring.push(member.join("::"));
                    if member == node {
                        break;
                    }
                }
                if ring.len() > 1 {
                    ring.sort();
                    self.found.push(ring);
                }
            }
        }
    }
    let mut search = Search {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for node in graph.keys() {
        if !search.index.contains_key(node) {
            search.visit(node);
        }
    }
    search.found
}

#[test]
fn no_module_of_either_crate_is_in_an_import_circle() {
    for (folder, external) in CRATES {
        let graph = import_graph(&workspace_root().join(folder), external);
        assert!(graph.len() > 10, "{folder}: the modules were not found");
        let found = rings(&graph);
        assert!(found.is_empty(), "{folder}: import circles {found:#?}");
    }
}

#[test]
fn the_ring_finder_finds_a_ring_and_leaves_a_chain_alone() {
    let node = |name: &str| vec![name.to_owned()];
    let graph_of = |edges: &[(&str, &str)]| {
        let mut graph: BTreeMap<ModulePath, BTreeSet<ModulePath>> = BTreeMap::new();
        for (from, to) in edges {
            graph.entry(node(from)).or_default().insert(node(to));
            graph.entry(node(to)).or_default();
        }
        graph
    };
    let ring = graph_of(&[("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")]);
    assert_eq!(rings(&ring), vec![vec!["a", "b", "c"]]);
    let chain = graph_of(&[("a", "b"), ("b", "c"), ("a", "c")]);
    assert!(rings(&chain).is_empty());
}

#[test]
fn a_use_list_expands_to_each_path() {
    let mut paths = Vec::new();
    expand(
        "super::{input_row::{InputRow,Rewound},json_row::JsonLines}",
        &mut paths,
    );
    assert_eq!(
        paths,
        [
            "super::input_row::InputRow",
            "super::input_row::Rewound",
            "super::json_row::JsonLines"
        ]
    );
}

#[test]
fn the_core_lists_no_gui_or_command_line_crate() {
    let manifest = fs::read_to_string(workspace_root().join("crates/core/Cargo.toml"))
        .expect("the core's manifest");
    let table: toml::Table = manifest.parse().expect("TOML");
    let sections = ["dependencies", "dev-dependencies", "build-dependencies"];
    let mut tables: Vec<(String, &toml::Table)> = sections
        .iter()
        .filter_map(|section| Some((section.to_string(), table.get(*section)?.as_table()?)))
        .collect();
    // `[target.'cfg(…)'.dependencies]` and the like.
    for (platform, targets) in table
        .get("target")
        .and_then(toml::Value::as_table)
        .into_iter()
        .flatten()
    {
        for section in sections {
            if let Some(deps) = targets.get(section).and_then(toml::Value::as_table) {
                tables.push((format!("target.{platform}.{section}"), deps));
            }
        }
    }
    assert!(
        !tables.is_empty(),
        "the core's manifest lists no dependencies"
    );
    for (section, deps) in tables {
        for name in deps.keys() {
            assert!(
                !(name.starts_with("egui")
                    || name.starts_with("eframe")
                    || name.starts_with("clap")),
                "the core depends on {name} in [{section}]"
            );
        }
    }
}
