//! Renders the real app to pixels with wgpu (software Vulkan in CI) and checks that the
//! reference case is drawn. Skipped, saying so, where no adapter exists.

use crate::support;

#[test]
fn the_reference_case_renders_to_a_full_window_image() {
    let Some(mut harness) = support::rendering_harness(Vec::new()) else {
        return;
    };
    harness.run();
    let image = harness.render().expect("the frame renders");
    assert_eq!((image.width(), image.height()), (1280, 800));
    // A drawn window has text and panels: many distinct colours, not a blank clear colour.
    let mut colours: Vec<[u8; 4]> = image.pixels().map(|pixel| pixel.0).collect();
    colours.sort_unstable();
    colours.dedup();
    assert!(
        colours.len() > 50,
        "only {} distinct colours: nothing drawn?",
        colours.len()
    );
    let output = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("reference_case.png");
    image.save(&output).expect("writable target folder");
    eprintln!("rendered {}", output.display());
}
