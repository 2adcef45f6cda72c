//! Placeholder replaced by the plotting module (merged separately).
use std::path::Path;

use crate::moo::PointKind;
use crate::program::Sense;

/// Data of a front plot.
pub struct PlotData {
    /// Title.
    pub title: String,
    /// Axis labels and senses.
    pub objectives: Vec<(String, Sense)>,
    /// Points.
    pub points: Vec<Vec<f64>>,
    /// Ids.
    pub ids: Vec<String>,
    /// Kinds.
    pub kinds: Vec<PointKind>,
    /// Ideal.
    pub ideal: Vec<f64>,
    /// Nadir.
    pub nadir: Vec<f64>,
    /// Knee.
    pub knee: Option<usize>,
    /// Compromise.
    pub compromise: Option<usize>,
    /// Subtitle.
    pub subtitle: String,
}

/// Not available in this build yet.
pub fn write_front_plot(_data: &PlotData, _svg_path: &Path) -> crate::Result<()> {
    Err(crate::Error::Usage("plots are not available yet".into()))
}
