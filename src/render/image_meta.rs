//! `get_image_metadata(path="…", allow_missing=false)`: an image's `width`,
//! `height`, `format` and `mime`, as Zola gives them (a JPEG turned by its
//! EXIF orientation has its sides swapped; an SVG's size is its `width`
//! and `height`, else its `viewBox`). The path is looked for as Zola looks,
//! as `load_data` looks ([`LoadData::find_and_read`]). Only the file's
//! header is parsed, once per build, through `load_data`'s cache (so the
//! dev server follows a changed image as it follows a changed data file).

use std::collections::HashMap;

use serde_json::json;
use tera::{Function, Value};

use super::data::LoadData;

/// The template function, reading through the build's [`LoadData`].
pub struct GetImageMetadata(pub LoadData);

impl Function for GetImageMetadata {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let fail = |m: String| tera::Error::msg(format!("`get_image_metadata`: {m}"));
        let path = match args.get("path") {
            Some(Value::String(s)) => s.as_str(),
            Some(other) => return Err(fail(format!("`path` must be a string, got {other}"))),
            None => return Err(fail("it needs the argument `path`".into())),
        };
        let allow_missing = match args.get("allow_missing") {
            None => false,
            Some(Value::Bool(b)) => *b,
            Some(other) => {
                return Err(fail(format!(
                    "`allow_missing` must be true or false, got {other}"
                )))
            }
        };
        let found = self
            .0
            .find_and_read(path, "image metadata", |bytes| {
                metadata(&bytes).map_err(|e| format!("`{path}`: {e}"))
            })
            .map_err(fail)?;
        match found {
            Some((_, value)) => Ok(value),
            None if allow_missing => Ok(Value::Null),
            None => Err(fail(self.0.missing("image", path))),
        }
    }

    fn is_safe(&self) -> bool {
        false
    }
}

/// Width, height, format and MIME type of an image file's bytes.
fn metadata(bytes: &[u8]) -> Result<Value, String> {
    if let Some((width, height)) = svg_size(bytes) {
        return Ok(
            json!({ "width": width, "height": height, "format": "svg", "mime": "text/svg+xml" }),
        );
    }
    let kind = imagesize::image_type(bytes).map_err(|e| not_an_image(&e))?;
    let size = imagesize::blob_size(bytes).map_err(|e| not_an_image(&e))?;
    let (format, mime) = match kind {
        imagesize::ImageType::Png => ("png", "image/png"),
        imagesize::ImageType::Jpeg => ("jpg", "image/jpeg"),
        imagesize::ImageType::Gif => ("gif", "image/gif"),
        imagesize::ImageType::Webp => ("webp", "image/webp"),
        imagesize::ImageType::Bmp => ("bmp", "image/bmp"),
        imagesize::ImageType::Ico => ("ico", "image/x-icon"),
        imagesize::ImageType::Tiff => ("tiff", "image/tiff"),
        imagesize::ImageType::Heif(imagesize::Compression::Av1) => ("avif", "image/avif"),
        other => return Err(format!("{other:?} images are not read (PNG, JPEG, GIF, WebP, AVIF, BMP, ICO, TIFF and SVG are)")),
    };
    let (mut width, mut height) = (size.width, size.height);
    if kind == imagesize::ImageType::Jpeg && jpeg_turned_sideways(bytes) {
        std::mem::swap(&mut width, &mut height);
    }
    Ok(json!({ "width": width, "height": height, "format": format, "mime": mime }))
}

fn not_an_image(e: &imagesize::ImageError) -> String {
    format!("not an image versus can read ({e})")
}

/// Does a JPEG's EXIF orientation (5 to 8) turn it a quarter turn?
fn jpeg_turned_sideways(bytes: &[u8]) -> bool {
    exif_orientation(bytes).is_some_and(|o| (5..=8).contains(&o))
}

/// The EXIF orientation tag of a JPEG, from its APP1 segment.
fn exif_orientation(bytes: &[u8]) -> Option<u16> {
    let mut at = 2; // past SOI
    while at + 4 <= bytes.len() && bytes[at] == 0xFF {
        let marker = bytes[at + 1];
        let len = usize::from(u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]));
        let segment = bytes.get(at + 4..at + 2 + len)?;
        if marker == 0xE1 {
            if let Some(tiff) = segment.strip_prefix(b"Exif\0\0") {
                return tiff_orientation(tiff);
            }
        }
        // The image data starts at SOS: no EXIF after it.
        if marker == 0xDA {
            return None;
        }
        at += 2 + len;
    }
    None
}

/// Tag 0x0112 of the first IFD of a TIFF header.
fn tiff_orientation(tiff: &[u8]) -> Option<u16> {
    let big = match tiff.get(..2)? {
        b"MM" => true,
        b"II" => false,
        _ => return None,
    };
    let u16_at = |i: usize| {
        let b = [*tiff.get(i)?, *tiff.get(i + 1)?];
        Some(if big {
            u16::from_be_bytes(b)
        } else {
            u16::from_le_bytes(b)
        })
    };
    let u32_at = |i: usize| {
        let b = [
            *tiff.get(i)?,
            *tiff.get(i + 1)?,
            *tiff.get(i + 2)?,
            *tiff.get(i + 3)?,
        ];
        Some(if big {
            u32::from_be_bytes(b)
        } else {
            u32::from_le_bytes(b)
        })
    };
    let ifd = usize::try_from(u32_at(4)?).ok()?;
    let entries = usize::from(u16_at(ifd)?);
    (0..entries)
        .map(|i| ifd + 2 + i * 12)
        .find(|&entry| u16_at(entry) == Some(0x0112))
        .and_then(|entry| u16_at(entry + 8))
}

/// An SVG's size: its root element's `width` and `height` (numbers, or
/// numbers in px), else its `viewBox`. `None` when the bytes are not SVG.
fn svg_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let text = std::str::from_utf8(bytes).ok()?;
    let start = text.find("<svg")?;
    let end = start + text[start..].find('>')?;
    let tag = &text[start..end];
    let attr = |name: &str| {
        let at = tag.find(&format!(" {name}="))? + name.len() + 2;
        let quote = tag[at..].chars().next()?;
        let value = &tag[at + 1..];
        Some(&value[..value.find(quote)?])
    };
    let number = |v: &str| v.trim().trim_end_matches("px").parse::<f64>().ok();
    let sides = attr("width")
        .and_then(number)
        .zip(attr("height").and_then(number))
        .or_else(|| {
            let view_box: Vec<f64> = attr("viewBox")?
                .split([' ', ','])
                .filter(|p| !p.is_empty())
                .filter_map(|p| p.parse().ok())
                .collect();
            match view_box[..] {
                [_, _, w, h] => Some((w, h)),
                _ => None,
            }
        })?;
    // Sizes are whole pixels, as Zola gives them.
    Some((sides.0 as u32, sides.1 as u32))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PNG header of `w`×`h` (what imagesize reads of it).
    fn png(w: u32, h: u32) -> Vec<u8> {
        let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        b.extend(w.to_be_bytes());
        b.extend(h.to_be_bytes());
        b.extend([8, 6, 0, 0, 0, 0, 0, 0, 0]);
        b
    }

    /// A JPEG with an EXIF orientation and a 40×30 frame.
    fn jpeg(orientation: u16) -> Vec<u8> {
        let mut tiff = b"MM\0\x2a\0\0\0\x08".to_vec();
        tiff.extend(1u16.to_be_bytes());
        tiff.extend(0x0112u16.to_be_bytes());
        tiff.extend(3u16.to_be_bytes());
        tiff.extend(1u32.to_be_bytes());
        tiff.extend(orientation.to_be_bytes());
        tiff.extend([0, 0, 0, 0, 0, 0]);
        let mut app1 = b"Exif\0\0".to_vec();
        app1.extend(tiff);
        let mut b = vec![0xFF, 0xD8, 0xFF, 0xE1];
        b.extend(u16::try_from(app1.len() + 2).unwrap().to_be_bytes());
        b.extend(app1);
        // SOF0: precision, height 30, width 40, one component.
        b.extend([0xFF, 0xC0, 0, 11, 8, 0, 30, 0, 40, 1, 1, 0x11, 0]);
        b.extend([0xFF, 0xDA, 0, 2, 0xFF, 0xD9]);
        b
    }

    #[test]
    fn sizes_formats_and_mime_types() {
        assert_eq!(
            metadata(&png(640, 480)).unwrap(),
            json!({ "width": 640, "height": 480, "format": "png", "mime": "image/png" })
        );
        assert_eq!(
            metadata(&jpeg(1)).unwrap(),
            json!({ "width": 40, "height": 30, "format": "jpg", "mime": "image/jpeg" })
        );
        // Orientation 6: a quarter turn, the sides swapped as Zola does.
        assert_eq!(metadata(&jpeg(6)).unwrap()["width"], 30);
        let svg = br#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="120px" height="80">"#;
        assert_eq!(
            metadata(svg).unwrap(),
            json!({ "width": 120, "height": 80, "format": "svg", "mime": "text/svg+xml" })
        );
        let boxed = br#"<svg viewBox="0 0 24.5 16" xmlns="http://www.w3.org/2000/svg"></svg>"#;
        assert_eq!(metadata(boxed).unwrap()["width"], 24);
        let err = metadata(b"just text").unwrap_err();
        assert!(err.starts_with("not an image versus can read"), "{err}");
    }
}
