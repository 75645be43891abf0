//! Marker sources grouped into markers: two columns (or codes) for the same catalog marker
//! make one series, and a custom marker gets an id clear of the catalog's and of the others'.
//! Below the unit plan and the series builder, which both work per group.

use std::collections::HashMap;

use super::batch::MarkerSource;
use super::mapping::MarkerTarget;
use crate::model::MarkerDefinition;
use crate::model::marker::catalog;

/// Sources that make one marker's series.
#[derive(Clone, Debug)]
pub struct MarkerGroup {
    /// The series' marker id: a catalog id, or one made from the custom marker's name.
    pub id: String,
    pub definition: Option<&'static MarkerDefinition>,
    /// Display name: the catalog's, or the export's for a custom marker.
    pub name: String,
    pub loinc: Option<String>,
    /// Indexes into the batch's sources.
    pub sources: Vec<usize>,
}

/// Groups sources by the marker they feed, in order of first appearance.
pub fn group_sources(sources: &[MarkerSource]) -> Vec<MarkerGroup> {
    let mut groups: Vec<MarkerGroup> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    for (index, source) in sources.iter().enumerate() {
        let key = match (&source.target, source.definition) {
            (MarkerTarget::Catalog(id), _) => (*id).to_owned(),
            (MarkerTarget::Custom { .. }, _) => format!("custom:{}", source.name.to_lowercase()),
        };
        if let Some(group_index) = by_key.get(&key)
            && let Some(group) = groups.get_mut(*group_index)
        {
            group.sources.push(index);
            continue;
        }
        let (id, name) = match (&source.target, source.definition) {
            (MarkerTarget::Catalog(id), Some(definition)) => {
                ((*id).to_owned(), definition.name.to_owned())
            }
            (MarkerTarget::Catalog(id), None) => ((*id).to_owned(), (*id).to_owned()),
            (MarkerTarget::Custom { .. }, _) => {
                (custom_id(&source.name, &groups), source.name.clone())
            }
        };
        by_key.insert(key, groups.len());
        groups.push(MarkerGroup {
            id,
            definition: source.definition,
            name,
            loinc: source.loinc.clone(),
            sources: vec![index],
        });
    }
    groups
}

/// A marker id from a custom marker's name, clear of catalog ids and of other customs.
fn custom_id(name: &str, groups: &[MarkerGroup]) -> String {
    let mut slug = String::new();
    for character in name.chars() {
        if character.is_ascii_alphanumeric() {
            slug.push(character.to_ascii_lowercase());
        } else if !slug.ends_with('_') {
            slug.push('_');
        }
    }
    let slug = slug.trim_matches('_');
    let slug = if slug.is_empty() { "marker" } else { slug };
    let base = if catalog().iter().any(|definition| definition.id == slug) {
        format!("custom_{slug}")
    } else {
        slug.to_owned()
    };
    let taken = |candidate: &str| groups.iter().any(|group| group.id == candidate);
    if !taken(&base) {
        return base;
    }
    (2..)
        .map(|number| format!("{base}_{number}"))
        .find(|candidate| !taken(candidate))
        .unwrap_or(base)
}
