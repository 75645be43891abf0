//! Presentation mode on a projector, rendered: the Peng case in playback at an early and a
//! late day, at 1280×720 (dark) and 1920×1080 (light, for a bright room). Written to
//! `screenshots/` with `CASELENS_BLESS=1` (the README shows them), else to the target folder.
//! Also the desk in the light theme at 1920×1080.

use crate::support;

use caselens::app::CaseLensApp;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

/// Presentation mode, the light theme when asked, and `days` PageDowns into the stay.
fn present(harness: &mut Harness<'static, CaseLensApp>, light: bool, days: usize) {
    harness.run();
    harness.key_press(Key::F5);
    harness.run();
    if light {
        harness.key_press_modifiers(Modifiers::SHIFT, Key::F5);
        harness.run();
    }
    for _ in 0..days {
        harness.key_press(Key::PageDown);
        harness.run();
    }
    // Past the key hint, which would cover the time axis.
    harness.run_steps(26);
    harness.run();
}

fn save(image: &image::RgbaImage, name: &str) {
    let path = if std::env::var_os("CASELENS_BLESS").is_some() {
        support::repo_path(&format!("screenshots/{name}.png"))
    } else {
        std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}.png"))
    };
    image.save(&path).expect("writable folder");
    eprintln!("rendered {}", path.display());
}

/// The share of pixels of the background colour: a readable slide is mostly background,
/// and a light theme mostly light.
fn share_near(image: &image::RgbaImage, color: [u8; 3]) -> f64 {
    let near = image
        .pixels()
        .filter(|pixel| {
            pixel.0[..3]
                .iter()
                .zip(color)
                .all(|(channel, target)| channel.abs_diff(target) < 12)
        })
        .count();
    near as f64 / (image.width() * image.height()) as f64
}

#[test]
fn playback_renders_for_a_projector_in_both_themes() {
    for (name, size, light, days, background) in [
        ("playback_early_day", [1280.0, 720.0], false, 4, [0, 0, 0]),
        (
            "playback_late_day",
            [1920.0, 1080.0],
            true,
            24,
            [255, 255, 255],
        ),
    ] {
        let Some(mut harness) = support::rendering_harness_sized(Vec::new(), size) else {
            return;
        };
        present(&mut harness, light, days);
        let image = harness.render().expect("the frame renders");
        assert_eq!(
            (image.width(), image.height()),
            (size[0] as u32, size[1] as u32)
        );
        let share = share_near(&image, background);
        assert!(
            share > 0.5,
            "{name}: background only {share:.2} of the slide"
        );
        save(&image, name);
    }
}

/// The desk (not presentation) in egui's light theme, chosen from the View menu, at
/// 1920×1080: mostly the light panel colour, and the choice survives as the app's look.
#[test]
fn the_desk_renders_in_the_light_theme_chosen_from_the_view_menu() {
    let Some(mut harness) = support::rendering_harness_sized(Vec::new(), [1920.0, 1080.0]) else {
        return;
    };
    harness.run();
    harness.get_by_label("View").click();
    harness.run();
    harness.get_by_label("Light theme").click();
    harness.run();
    harness.key_press(Key::Escape);
    harness.run();
    assert!(
        !harness.ctx.global_style().visuals.dark_mode,
        "the light theme is on"
    );
    let image = harness.render().expect("the frame renders");
    let panel = egui::Visuals::light().panel_fill;
    let share = share_near(&image, [panel.r(), panel.g(), panel.b()]);
    assert!(
        share > 0.3,
        "light panels cover only {share:.2} of the window"
    );
    save(&image, "desk_light_1920");
}
