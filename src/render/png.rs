//! PNG output: rasterizes cruxmap's SVG with resvg, using the bundled Liberation Sans fonts
//! (the fonts the boxes were measured with), so a PNG looks the same on every machine and
//! needs no system fonts.
//!
//! Owns rasterizing only; the drawing itself is `svg`'s.

use resvg::{tiny_skia, usvg};

const REGULAR: &[u8] = include_bytes!("../../assets/fonts/LiberationSans-Regular.ttf");
const BOLD: &[u8] = include_bytes!("../../assets/fonts/LiberationSans-Bold.ttf");

/// The most pixels a PNG may have (256 MB of RGBA); larger drawings are scaled down.
pub const MAX_PIXELS: f64 = 64.0 * 1024.0 * 1024.0;

/// An error rasterizing an SVG.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PngError {
    /// The SVG could not be read (it is cruxmap's own, so this is a bug).
    #[error("cannot read the SVG: {0}")]
    Svg(#[from] usvg::Error),
    /// The drawing has no area.
    #[error("the drawing is empty")]
    Empty,
    /// Encoding the PNG failed.
    #[error("cannot encode PNG: {0}")]
    Encode(String),
}

/// A rasterized drawing.
#[derive(Debug)]
pub struct Png {
    /// The PNG file's bytes.
    pub bytes: Vec<u8>,
    /// The scale used: `scale` as asked, or less if the drawing would exceed [`MAX_PIXELS`].
    pub scale: f32,
}

/// Rasterizes `svg` at `scale` (1.0 = one pixel per SVG unit), scaled down if needed to
/// stay under [`MAX_PIXELS`].
pub fn from_svg(svg: &str, scale: f32) -> Result<Png, PngError> {
    from_svg_within(svg, scale, MAX_PIXELS)
}

fn from_svg_within(svg: &str, scale: f32, max_pixels: f64) -> Result<Png, PngError> {
    let mut options = usvg::Options {
        font_family: "Liberation Sans".to_string(),
        ..usvg::Options::default()
    };
    options.fontdb_mut().load_font_data(REGULAR.to_vec());
    options.fontdb_mut().load_font_data(BOLD.to_vec());
    let tree = usvg::Tree::from_str(svg, &options)?;
    let size = tree.size();
    let area = size.width() as f64 * size.height() as f64;
    if area <= 0.0 {
        return Err(PngError::Empty);
    }
    let fit = (max_pixels / area).sqrt() as f32;
    let scale = scale.min(fit).max(f32::MIN_POSITIVE);
    let width = (size.width() * scale).ceil().max(1.0) as u32;
    let height = (size.height() * scale).ceil().max(1.0) as u32;
    let mut pixmap = tiny_skia::Pixmap::new(width, height).ok_or(PngError::Empty)?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    let bytes = pixmap
        .encode_png()
        .map_err(|e| PngError::Encode(e.to_string()))?;
    Ok(Png { bytes, scale })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_drawn_with_the_bundled_font() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="80" height="30"><text x="5" y="20" font-family="Liberation Sans" font-size="16">Hi</text></svg>"#;
        let png = from_svg(svg, 1.0).unwrap();
        assert_eq!(&png.bytes[1..4], b"PNG");
        // Decode back and check that some pixels are dark (the glyphs were drawn).
        let pixmap = tiny_skia::Pixmap::decode_png(&png.bytes).unwrap();
        let dark = pixmap.pixels().iter().filter(|p| p.red() < 100).count();
        assert!(dark > 20, "only {dark} dark pixels: text was not drawn");
    }

    #[test]
    fn huge_drawings_are_scaled_down_to_fit() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="100000" height="20000"><rect width="10" height="10"/></svg>"#;
        let png = from_svg_within(svg, 1.0, 1_000_000.0).unwrap();
        assert!((png.scale - (1_000_000.0f32 / 2e9).sqrt()).abs() < 1e-4);
        let pixmap = tiny_skia::Pixmap::decode_png(&png.bytes).unwrap();
        assert!(f64::from(pixmap.width()) * f64::from(pixmap.height()) <= 1_000_000.0 * 1.01);
    }
}
