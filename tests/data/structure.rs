//! The layout the guide promises, checked on the source tree itself: no file over 600 lines,
//! one module convention (`foo/mod.rs`, never `foo.rs` beside a `foo/` folder), and no
//! import cycle between the files of `src/app`, `src/io/import` or `src/io/pacs`.
//!
//! Imports are read from the text: `use` statements (braces expanded) and paths written in
//! the code (`super::headers::sibling_for_unit(…)`), each resolved to the file that defines
//! the item, through `pub use` re-exports. Re-exports themselves are not edges: a `mod.rs`
//! that re-exports a child's type does not depend on it. Test modules are left out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const MAX_FILE_LINES: usize = 600;

/// Every `.rs` file under `src/`, relative to the crate root, sorted.
fn source_files() -> Vec<PathBuf> {
    fn walk(folder: &Path, found: &mut Vec<PathBuf>) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(folder)
            .unwrap_or_else(|error| panic!("{}: {error}", folder.display()))
            .map(|entry| entry.expect("directory entry").path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, found);
            } else if path.extension().is_some_and(|extension| extension == "rs") {
                found.push(path);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found = Vec::new();
    walk(&root.join("src"), &mut found);
    found
        .into_iter()
        .map(|path| {
            path.strip_prefix(root)
                .expect("under the root")
                .to_path_buf()
        })
        .collect()
}

fn read(path: &Path) -> String {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|error| panic!("{}: {error}", full.display()))
}

fn display(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

#[test]
fn no_source_file_is_over_600_lines() {
    let long: Vec<String> = source_files()
        .iter()
        .map(|path| (path, read(path).lines().count()))
        .filter(|(_, lines)| *lines > MAX_FILE_LINES)
        .map(|(path, lines)| format!("{} has {lines} lines", display(path)))
        .collect();
    assert!(
        long.is_empty(),
        "files over {MAX_FILE_LINES} lines (split them by what they do):\n  {}",
        long.join("\n  ")
    );
}

/// `foo.rs` files with a `foo/` folder beside them, under `prefix`.
fn mixed_conventions(prefix: &str) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    source_files()
        .iter()
        .filter(|path| display(path).starts_with(prefix))
        .filter(|path| path.file_name().is_some_and(|name| name != "mod.rs"))
        .filter(|path| root.join(path.with_extension("")).is_dir())
        .map(|path| {
            format!(
                "{} beside {}/: move it to {}/mod.rs",
                display(path),
                display(&path.with_extension("")),
                display(&path.with_extension(""))
            )
        })
        .collect()
}

#[test]
fn modules_with_children_are_folders_with_mod_rs_outside_app() {
    let mixed: Vec<String> = mixed_conventions("src/")
        .into_iter()
        .filter(|line| !line.starts_with("src/app/"))
        .collect();
    assert!(mixed.is_empty(), "{}", mixed.join("\n"));
}

#[test]
fn modules_with_children_are_folders_with_mod_rs_in_app() {
    let mixed = mixed_conventions("src/app/");
    assert!(mixed.is_empty(), "{}", mixed.join("\n"));
}

/// The code of a file with comments, string and character literals blanked and its test
/// module (from `#[cfg(test)]` followed by `mod`) cut off.
fn code_of(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod ") {
        Some(at) => &text[..at],
        None => text,
    };
    let bytes = text.as_bytes();
    let mut code = String::with_capacity(text.len());
    let mut at = 0;
    while at < bytes.len() {
        let rest = &text[at..];
        if rest.starts_with("//") {
            let end = rest.find('\n').map_or(text.len(), |end| at + end);
            at = end;
        } else if rest.starts_with("/*") {
            let end = rest.find("*/").map_or(text.len(), |end| at + end + 2);
            at = end;
        } else if rest.starts_with("r#\"") || rest.starts_with("r\"") {
            let hashes = rest[1..].chars().take_while(|c| *c == '#').count();
            let close = format!("\"{}", "#".repeat(hashes));
            let open = 2 + hashes;
            let end = rest[open..]
                .find(&close)
                .map_or(text.len(), |end| at + open + end + close.len());
            code.push_str("\"\"");
            at = end;
        } else if bytes[at] == b'"' {
            let mut end = at + 1;
            while end < bytes.len() && bytes[end] != b'"' {
                end += if bytes[end] == b'\\' { 2 } else { 1 };
            }
            code.push_str("\"\"");
            at = end + 1;
        } else if bytes[at] == b'\'' {
            // A character literal ('a', '\n', '"'); otherwise a lifetime.
            let literal = rest
                .char_indices()
                .skip(1)
                .find(|(_, c)| *c == '\'')
                .map(|(end, _)| end)
                .filter(|end| *end <= 10 && !rest[1..*end].contains(char::is_whitespace));
            match literal {
                Some(end) if end > 1 => {
                    code.push_str("' '");
                    at += end + 1;
                }
                _ => {
                    code.push('\'');
                    at += 1;
                }
            }
        } else {
            let next = rest.chars().next().expect("not at the end");
            code.push(next);
            at += next.len_utf8();
        }
    }
    code
}

/// The module path of a source file: `src/io/import/fhir/mod.rs` is `io::import::fhir`.
fn module_of(path: &Path) -> Vec<String> {
    let relative = path.strip_prefix("src").expect("under src");
    let mut parts: Vec<String> = relative
        .iter()
        .map(|part| part.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().expect("a file name");
    match last.as_str() {
        "mod.rs" | "lib.rs" | "main.rs" => {}
        name => parts.push(name.trim_end_matches(".rs").to_owned()),
    }
    parts
}

/// A `use` tree expanded into its paths: `a::{b, c::{d as e, self}}` is `a::b`, `a::c::d`,
/// `a::c`. Paths are split into segments; `self` at the end means the prefix itself.
fn expand_use(tree: &str) -> Vec<Vec<String>> {
    fn split_top(list: &str) -> Vec<&str> {
        let mut parts = Vec::new();
        let (mut depth, mut start) = (0, 0);
        for (index, c) in list.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    parts.push(&list[start..index]);
                    start = index + 1;
                }
                _ => {}
            }
        }
        parts.push(&list[start..]);
        parts
    }
    let tree: String = tree.split_whitespace().collect::<Vec<_>>().join(" ");
    let tree = tree.trim();
    if tree.is_empty() {
        return Vec::new();
    }
    match tree.find('{') {
        Some(open) => {
            let prefix: Vec<String> = tree[..open]
                .split("::")
                .map(str::trim)
                .filter(|segment| !segment.is_empty())
                .map(str::to_owned)
                .collect();
            let close = tree.rfind('}').unwrap_or(tree.len());
            split_top(&tree[open + 1..close])
                .into_iter()
                .flat_map(expand_use)
                .map(|inner| {
                    let mut path = prefix.clone();
                    if inner != ["self"] {
                        path.extend(inner);
                    }
                    path
                })
                .collect()
        }
        None => {
            let path = tree.split(" as ").next().unwrap_or(tree);
            vec![
                path.split("::")
                    .map(|segment| segment.trim().to_owned())
                    .filter(|segment| !segment.is_empty())
                    .collect(),
            ]
        }
    }
}

/// What one file says: its `use` statements (re-exports apart), the paths its code writes,
/// the modules it declares and the names it re-exports.
#[derive(Default)]
struct FileFacts {
    uses: Vec<Vec<String>>,
    re_exports: BTreeMap<String, Vec<String>>,
    children: BTreeSet<String>,
    written_paths: Vec<Vec<String>>,
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn facts_of(code: &str) -> FileFacts {
    let mut facts = FileFacts::default();
    let mut statements_removed = String::with_capacity(code.len());
    let mut rest = code;
    // `use` and `mod` statements, at any visibility.
    loop {
        let found = ["use ", "mod "]
            .iter()
            .filter_map(|keyword| {
                let mut from = 0;
                while let Some(at) = rest[from..].find(keyword) {
                    let at = from + at;
                    let before = rest[..at].chars().next_back();
                    if before.is_none_or(|c| !is_ident(c)) {
                        return Some((at, *keyword));
                    }
                    from = at + keyword.len();
                }
                None
            })
            .min();
        let Some((at, keyword)) = found else {
            statements_removed.push_str(rest);
            break;
        };
        let line_start = rest[..at].rfind('\n').map_or(0, |start| start + 1);
        let visibility = rest[line_start..at].trim();
        let Some(end) = rest[at..].find([';', '{']).map(|end| at + end) else {
            statements_removed.push_str(rest);
            break;
        };
        let statement_end = if keyword == "use " {
            rest[at..].find(';').map_or(rest.len(), |end| at + end)
        } else {
            end
        };
        statements_removed.push_str(&rest[..line_start]);
        let body = &rest[at + keyword.len()..statement_end];
        if keyword == "mod " {
            if rest.as_bytes().get(end) == Some(&b';') {
                facts.children.insert(body.trim().to_owned());
            }
            // An inline module's body is code like the rest.
            statements_removed.push_str(&rest[line_start..at]);
            rest = &rest[statement_end..];
            continue;
        }
        let is_export = visibility.starts_with("pub");
        for path in expand_use(body) {
            if is_export {
                if let Some(last) = path.last() {
                    facts.re_exports.insert(last.clone(), path.clone());
                }
            } else {
                facts.uses.push(path);
            }
        }
        rest = rest.get(statement_end + 1..).unwrap_or_default();
    }
    // Paths written in the code: `crate::…`, `super::…`, `self::…`, `child::…`.
    let chars: Vec<(usize, char)> = statements_removed.char_indices().collect();
    let text = statements_removed.as_str();
    for (index, &(at, c)) in chars.iter().enumerate() {
        if !is_ident(c) {
            continue;
        }
        let before = index
            .checked_sub(1)
            .map(|previous| chars[previous].1)
            .unwrap_or(' ');
        if is_ident(before) || before == ':' {
            continue;
        }
        let mut end = at;
        let mut segments = Vec::new();
        loop {
            let start = end;
            while let Some(c) = text[end..].chars().next().filter(|c| is_ident(*c)) {
                end += c.len_utf8();
            }
            if start == end {
                break;
            }
            segments.push(text[start..end].to_owned());
            if text[end..].starts_with("::") {
                end += 2;
            } else {
                break;
            }
        }
        let first = segments.first().map(String::as_str).unwrap_or_default();
        if segments.len() > 1
            && (matches!(first, "crate" | "super" | "self") || facts.children.contains(first))
        {
            facts.written_paths.push(segments);
        }
    }
    facts
}

/// The files of the crate by module path, with what each says.
struct Crate {
    files: BTreeMap<Vec<String>, (PathBuf, FileFacts)>,
}

impl Crate {
    fn read() -> Self {
        let files = source_files()
            .into_iter()
            .filter(|path| display(path) != "src/main.rs")
            .map(|path| {
                let facts = facts_of(&code_of(&read(&path)));
                (module_of(&path), (path, facts))
            })
            .collect();
        Self { files }
    }

    /// A path as written in `module`, made absolute (`crate::` dropped).
    fn absolute(&self, module: &[String], path: &[String]) -> Vec<String> {
        let mut base: Vec<String> = module.to_vec();
        let mut rest = path;
        match rest.first().map(String::as_str) {
            Some("crate") => {
                base.clear();
                rest = &rest[1..];
            }
            Some("self") => rest = &rest[1..],
            Some("super") => {
                while rest.first().map(String::as_str) == Some("super") {
                    base.pop();
                    rest = &rest[1..];
                }
            }
            // `std::…`, `egui::…`: another crate, unless it names a child module.
            Some(first) => {
                let child = self
                    .files
                    .get(module)
                    .is_some_and(|(_, facts)| facts.children.contains(first));
                if !child {
                    return Vec::new();
                }
            }
            None => return Vec::new(),
        }
        base.extend(rest.iter().cloned());
        base
    }

    /// The file defining what an absolute path names, through re-exports.
    fn defining_file(&self, path: &[String], depth: usize) -> Option<Vec<String>> {
        let module = (0..=path.len())
            .rev()
            .map(|length| &path[..length])
            .find(|prefix| self.files.contains_key(*prefix))?;
        if depth < 8
            && let Some(item) = path.get(module.len())
            && let Some((_, facts)) = self.files.get(module)
            && let Some(exported) = facts.re_exports.get(item)
        {
            let target = self.absolute(module, exported);
            if !target.is_empty() {
                return self
                    .defining_file(&target, depth + 1)
                    .or(Some(module.to_vec()));
            }
        }
        Some(module.to_vec())
    }

    /// Edges between files whose paths start with `prefix`, as file paths.
    fn graph(&self, prefix: &str) -> BTreeMap<String, BTreeSet<String>> {
        let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (module, (path, facts)) in &self.files {
            let from = display(path);
            if !from.starts_with(prefix) {
                continue;
            }
            graph.entry(from.clone()).or_default();
            for written in facts.uses.iter().chain(&facts.written_paths) {
                let absolute = self.absolute(module, written);
                if absolute.is_empty() {
                    continue;
                }
                let Some(target) = self.defining_file(&absolute, 0) else {
                    continue;
                };
                let Some((target_path, _)) = self.files.get(&target) else {
                    continue;
                };
                let to = display(target_path);
                if to != from && to.starts_with(prefix) {
                    graph.entry(from.clone()).or_default().insert(to);
                }
            }
        }
        graph
    }
}

/// Every cycle's strongly connected set of files, each shown as one cycle through it.
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    cycles_with_members(graph)
        .into_iter()
        .map(|(text, _)| text)
        .collect()
}

/// Each cycle as text (a path through it) with every file in it.
fn cycles_with_members(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<(String, Vec<String>)> {
    // Tarjan's strongly connected components, iteratively enough for a few hundred files.
    struct State<'a> {
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        next: usize,
        components: Vec<Vec<&'a str>>,
    }
    fn visit<'a>(state: &mut State<'a>, node: &'a str) {
        state.index.insert(node, state.next);
        state.low.insert(node, state.next);
        state.next += 1;
        state.stack.push(node);
        state.on_stack.insert(node);
        let graph = state.graph;
        for next in graph.get(node).into_iter().flatten() {
            let next = next.as_str();
            if !state.index.contains_key(next) {
                visit(state, next);
                let low = state.low[node].min(state.low[next]);
                state.low.insert(node, low);
            } else if state.on_stack.contains(next) {
                let low = state.low[node].min(state.index[next]);
                state.low.insert(node, low);
            }
        }
        if state.low[node] == state.index[node] {
            let mut component = Vec::new();
            while let Some(member) = state.stack.pop() {
                state.on_stack.remove(member);
                component.push(member);
                if member == node {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort_unstable();
                state.components.push(component);
            }
        }
    }
    let mut state = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        next: 0,
        components: Vec::new(),
    };
    for node in graph.keys() {
        if !state.index.contains_key(node.as_str()) {
            visit(&mut state, node);
        }
    }
    state
        .components
        .iter()
        .map(|component| {
            let members: BTreeSet<&str> = component.iter().copied().collect();
            let text = format!(
                "{} ({} files in the cycle)",
                cycle_through(graph, component[0], &members).join(" → "),
                component.len()
            );
            (
                text,
                component.iter().map(|&file| file.to_owned()).collect(),
            )
        })
        .collect()
}

/// A shortest path from `start` back to itself inside `members`.
fn cycle_through<'a>(
    graph: &'a BTreeMap<String, BTreeSet<String>>,
    start: &'a str,
    members: &BTreeSet<&str>,
) -> Vec<&'a str> {
    let mut came_from: BTreeMap<&str, &str> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(node) = queue.pop_front() {
        for next in graph.get(node).into_iter().flatten() {
            let next = next.as_str();
            if !members.contains(next) {
                continue;
            }
            if next == start {
                // Back from `node` to `start`, then around to `start` again.
                let mut path = vec![node];
                let mut at = node;
                while let Some(previous) = came_from.get(at) {
                    path.push(previous);
                    at = previous;
                }
                path.reverse();
                path.push(start);
                return path;
            }
            if !came_from.contains_key(next) && next != start {
                came_from.insert(next, node);
                queue.push_back(next);
            }
        }
    }
    vec![start]
}

fn assert_no_cycles(prefix: &str) {
    let found = cycles(&Crate::read().graph(prefix));
    assert!(
        found.is_empty(),
        "import cycles between files of {prefix} (move what both sides use into a file below them):\n  {}",
        found.join("\n  ")
    );
}

#[test]
fn no_import_cycle_between_files_of_io_import() {
    assert_no_cycles("src/io/import/");
}

#[test]
fn no_import_cycle_between_files_of_io_pacs() {
    assert_no_cycles("src/io/pacs/");
}

/// Folders of `src/app` whose `mod.rs` and children still import each other: the parent
/// holds the view's state, which its children's functions take, and calls them. Splitting
/// each state into parts its children own is the way out; the list may only shrink.
const APP_FOLDERS_WITH_A_PARENT_CYCLE: [&str; 4] = [
    "src/app/imaging/",
    "src/app/imaging/stack/",
    "src/app/report_view/",
    "src/app/trajectory/",
];

#[test]
fn no_import_cycle_between_files_of_app_but_the_known_parent_cycles() {
    let found = cycles_with_members(&Crate::read().graph("src/app/"));
    let folder_of = |file: &str| {
        file.rsplit_once('/')
            .map_or("", |(folder, _)| folder)
            .to_owned()
            + "/"
    };
    let mut unexpected = Vec::new();
    let mut folders = BTreeSet::new();
    for (text, members) in &found {
        let folder = folder_of(&members[0]);
        let one_folder = members.iter().all(|member| folder_of(member) == folder);
        if one_folder && APP_FOLDERS_WITH_A_PARENT_CYCLE.contains(&folder.as_str()) {
            folders.insert(folder);
        } else {
            unexpected.push(text.clone());
        }
    }
    assert!(
        unexpected.is_empty(),
        "import cycles between files of src/app/ (move what both sides use into a file below them):\n  {}",
        unexpected.join("\n  ")
    );
    let gone: Vec<&str> = APP_FOLDERS_WITH_A_PARENT_CYCLE
        .iter()
        .copied()
        .filter(|folder| !folders.contains(*folder))
        .collect();
    assert!(
        gone.is_empty(),
        "no cycle left in {gone:?}: take them off APP_FOLDERS_WITH_A_PARENT_CYCLE"
    );
}

#[test]
fn the_cycle_finder_finds_a_cycle_and_reads_use_trees() {
    let graph: BTreeMap<String, BTreeSet<String>> = [
        ("a.rs", vec!["b.rs"]),
        ("b.rs", vec!["c.rs"]),
        ("c.rs", vec!["a.rs"]),
        ("d.rs", vec!["a.rs"]),
    ]
    .into_iter()
    .map(|(from, to)| (from.to_owned(), to.into_iter().map(str::to_owned).collect()))
    .collect();
    assert_eq!(
        cycles(&graph),
        vec!["a.rs → b.rs → c.rs → a.rs (3 files in the cycle)".to_owned()]
    );
    let paths = expand_use("super::{batch::Batch, fhir::{self, Located as L}}");
    assert_eq!(
        paths,
        vec![
            vec!["super", "batch", "Batch"],
            vec!["super", "fhir"],
            vec!["super", "fhir", "Located"],
        ]
    );
    let facts = facts_of(&code_of(
        "mod child;\npub use child::Thing;\nuse super::other::Item;\n// super::comment::No\nfn f() { child::call(\"super::string::No\"); }\n",
    ));
    assert_eq!(facts.uses, vec![vec!["super", "other", "Item"]]);
    assert_eq!(facts.written_paths, vec![vec!["child", "call"]]);
    assert_eq!(
        facts.re_exports.get("Thing"),
        Some(&vec!["child".to_owned(), "Thing".to_owned()])
    );
}
