//! The storm rule's thresholds and the markers it reads, with the rule in words for the user.

use std::fmt;

use crate::analysis::guidelines::{PF_RATIO_BELOW_MMHG, SPO2_BELOW_PERCENT};

/// Inflammatory markers, one slot each; within a slot the first id the case has is used.
pub const INFLAMMATORY_MARKERS: [&[&str]; 5] = [
    &["neutrophils"],
    &["crp", "hs_crp"],
    &["il6"],
    &["d_dimer"],
    &["ferritin"],
];
/// Lymphocyte markers, the first present is used.
pub const LYMPHOCYTE_MARKERS: [&str; 2] = ["lymphocytes", "lymphocytes_percent"];
/// Oxygenation markers; every one present is checked.
pub const OXYGENATION_MARKERS: [&str; 3] = ["pf_ratio", "pao2", "spo2"];

pub const DEFAULT_LOOKBACK_DAYS: i64 = 7;
pub const DEFAULT_MIN_RISE_RATIO: f64 = 1.5;
pub const DEFAULT_MIN_RISING_MARKERS: usize = 2;
pub const DEFAULT_MIN_FALL_SHARE: f64 = 0.20;
/// How old (in days) a lymphocyte or oxygenation value may be and still speak for a day.
pub const DEFAULT_GATE_MAX_AGE_DAYS: i64 = 1;
pub const DEFAULT_MAX_GAP_DAYS: i64 = 1;
pub const DEFAULT_MIN_STORM_DAYS: usize = 2;

/// The thresholds of the rule; `Default` gives the documented constants.
#[derive(Clone, Debug, PartialEq)]
pub struct StormRule {
    pub lookback_days: i64,
    pub min_rise_ratio: f64,
    pub min_rising_markers: usize,
    pub min_fall_share: f64,
    pub gate_max_age_days: i64,
    pub max_gap_days: i64,
    pub min_storm_days: usize,
}

impl Default for StormRule {
    fn default() -> Self {
        Self {
            lookback_days: DEFAULT_LOOKBACK_DAYS,
            min_rise_ratio: DEFAULT_MIN_RISE_RATIO,
            min_rising_markers: DEFAULT_MIN_RISING_MARKERS,
            min_fall_share: DEFAULT_MIN_FALL_SHARE,
            gate_max_age_days: DEFAULT_GATE_MAX_AGE_DAYS,
            max_gap_days: DEFAULT_MAX_GAP_DAYS,
            min_storm_days: DEFAULT_MIN_STORM_DAYS,
        }
    }
}

impl StormRule {
    /// The rule in words, one line per condition, with this rule's thresholds.
    pub fn describe(&self) -> Vec<String> {
        let fall_percent = self.min_fall_share * 100.0;
        vec![
            format!(
                "A storm day needs, on that day, at least {} of neutrophils, CRP (or hs-CRP), IL-6, \
                 D-dimer and ferritin rising together: above the reference interval, at least {}× \
                 the lowest value of the previous {} days, and not below the previous value.",
                self.min_rising_markers, self.min_rise_ratio, self.lookback_days
            ),
            format!(
                "and lymphocytes low or falling: below the reference interval, or at least {fall_percent} % \
                 below their highest value of the previous {} days (value of that day or up to {} day before).",
                self.lookback_days, self.gate_max_age_days
            ),
            format!(
                "and oxygenation impaired or worsening: PaO₂/FiO₂ < {PF_RATIO_BELOW_MMHG} mmHg or SpO₂ < \
                 {SPO2_BELOW_PERCENT} % (the review's severe-illness thresholds), or PaO₂/FiO₂, PaO₂ or \
                 SpO₂ at least {fall_percent} % below its best value of the previous {} days (value of \
                 that day or up to {} day before).",
                self.lookback_days, self.gate_max_age_days
            ),
            format!(
                "Storm days at most {} day apart form one episode; an episode needs at least {} storm days.",
                self.max_gap_days, self.min_storm_days
            ),
            "Strength: the share of inflammatory marker-days sampled in the episode that met the \
             rise criterion. Values are compared only within their own series; nothing is converted."
                .to_owned(),
        ]
    }
}

impl fmt::Display for StormRule {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.describe().join("\n"))
    }
}

/// The rule in words with the default thresholds.
pub fn describe_rule() -> Vec<String> {
    StormRule::default().describe()
}
