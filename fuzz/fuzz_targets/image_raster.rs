//! The PNG and JPEG decoders on arbitrary bytes (through a scratch file, as images are read
//! from files), then rendering and region statistics of what they decoded.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "scratch.rs"]
mod scratch;
#[path = "use_image.rs"]
mod use_image;

fuzz_target!(|data: &[u8]| {
    scratch::tolerate_handled_panics();
    let path = scratch::write("input.png", data);
    use_image::load_and_use(&path);
});
