//! Image paths relative to the case file's folder, so a case folder can be moved or shared
//! whole (case files refuse absolute image paths).

use std::path::{Component, Path, PathBuf};

/// The path that leads from the folder `base` to `target`, with `..` where `target` lies
/// outside it. Both must be absolute (or both relative to the same folder); `None` when they
/// share no root (another drive on Windows).
pub fn relative_path(base: &Path, target: &Path) -> Option<PathBuf> {
    let base: Vec<Component> = normalized(base);
    let target: Vec<Component> = normalized(target);
    if root(&base) != root(&target) {
        return None;
    }
    let common = base.iter().zip(&target).take_while(|(a, b)| a == b).count();
    let mut relative = PathBuf::new();
    for _ in common..base.len() {
        relative.push("..");
    }
    for component in target.iter().skip(common) {
        relative.push(component.as_os_str());
    }
    Some(relative)
}

/// The drive and root components: both paths must start the same way.
fn root(components: &[Component<'_>]) -> Vec<std::ffi::OsString> {
    components
        .iter()
        .take_while(|component| matches!(component, Component::Prefix(_) | Component::RootDir))
        .map(|component| component.as_os_str().to_owned())
        .collect()
}

/// Components with `.` removed and `..` applied where possible (no file system access).
fn normalized(path: &Path) -> Vec<Component<'_>> {
    let mut components: Vec<Component> = Vec::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir if matches!(components.last(), Some(Component::Normal(_))) => {
                components.pop();
            }
            other => components.push(other),
        }
    }
    components
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_beside_and_outside_the_case_folder_get_relative_paths() {
        let case_folder = Path::new("/work/cases/peng");
        assert_eq!(
            relative_path(case_folder, Path::new("/work/cases/peng/images/b1.dcm")),
            Some(PathBuf::from("images/b1.dcm"))
        );
        assert_eq!(
            relative_path(
                case_folder,
                Path::new("/work/shared/fixtures/dicom/CT_small.dcm")
            ),
            Some(PathBuf::from("../../shared/fixtures/dicom/CT_small.dcm"))
        );
        assert_eq!(
            relative_path(case_folder, Path::new("/work/cases/./peng/../peng/a1.png")),
            Some(PathBuf::from("a1.png"))
        );
        assert_eq!(
            relative_path(case_folder, Path::new("relative/a1.png")),
            None
        );
    }
}
