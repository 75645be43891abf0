//! The reference cases shipped inside the binary, so `cargo run --release` shows a case from
//! any working directory.

use super::case_file::{CaseFileError, LoadedCase, parse_case};

/// A case embedded in the binary.
#[derive(Clone, Copy, Debug)]
pub struct BundledCase {
    /// The file name under `assets/cases/`, used in messages and as the open tab's name.
    pub file_name: &'static str,
    pub text: &'static str,
}

impl BundledCase {
    pub fn load(&self) -> Result<LoadedCase, CaseFileError> {
        parse_case(self.text, &format!("assets/cases/{}", self.file_name))
    }
}

/// Peng et al. 2020: convalescent plasma then umbilical-cord MSCs. Opened when CaseLens starts
/// with no file.
pub const PENG_2020: BundledCase = BundledCase {
    file_name: "peng2020.ron",
    text: include_str!("../../assets/cases/peng2020.ron"),
};

/// Liang et al. 2020: umbilical-cord MSCs; relative days only.
pub const LIANG_2020: BundledCase = BundledCase {
    file_name: "liang2020.ron",
    text: include_str!("../../assets/cases/liang2020.ron"),
};

pub const ALL: [BundledCase; 2] = [PENG_2020, LIANG_2020];
