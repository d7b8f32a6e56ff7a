//! Typed attribute values (`Res_value`) as text, close to how they were written in the source
//! manifest: `42`, `0x20000`, `true`, `1.5`, `16dp`, `50%`, `#ff3f51b5`; references are not
//! resolved (there is no `resources.arsc` lookup) and stay as `@0x7f0a0001`, which the
//! `android` importer keeps as an unresolved reference just as it keeps `@bool/x`.

pub const TYPE_NULL: u8 = 0x00;
pub const TYPE_REFERENCE: u8 = 0x01;
pub const TYPE_ATTRIBUTE: u8 = 0x02;
pub const TYPE_STRING: u8 = 0x03;
pub const TYPE_FLOAT: u8 = 0x04;
pub const TYPE_DIMENSION: u8 = 0x05;
pub const TYPE_FRACTION: u8 = 0x06;
pub const TYPE_DYNAMIC_REFERENCE: u8 = 0x07;
pub const TYPE_DYNAMIC_ATTRIBUTE: u8 = 0x08;
pub const TYPE_INT_DEC: u8 = 0x10;
pub const TYPE_INT_HEX: u8 = 0x11;
pub const TYPE_INT_BOOLEAN: u8 = 0x12;
pub const TYPE_INT_COLOR_ARGB8: u8 = 0x1c;
pub const TYPE_INT_COLOR_RGB8: u8 = 0x1d;
pub const TYPE_INT_COLOR_ARGB4: u8 = 0x1e;
pub const TYPE_INT_COLOR_RGB4: u8 = 0x1f;

/// The text of a typed value other than a string or null (those need the string pool).
pub fn render(data_type: u8, data: u32) -> String {
    match data_type {
        TYPE_REFERENCE | TYPE_DYNAMIC_REFERENCE if data == 0 => "@null".to_string(),
        TYPE_REFERENCE | TYPE_DYNAMIC_REFERENCE => format!("@0x{data:08x}"),
        TYPE_ATTRIBUTE | TYPE_DYNAMIC_ATTRIBUTE => format!("?0x{data:08x}"),
        TYPE_FLOAT => f32::from_bits(data).to_string(),
        TYPE_DIMENSION => {
            let unit = match data & 0xf {
                0 => "px",
                1 => "dp",
                2 => "sp",
                3 => "pt",
                4 => "in",
                5 => "mm",
                _ => "",
            };
            format!("{}{unit}", complex(data))
        }
        TYPE_FRACTION => {
            let unit = if data & 0xf == 1 { "%p" } else { "%" };
            format!("{}{unit}", complex(data) * 100.0)
        }
        TYPE_INT_HEX => format!("0x{data:x}"),
        TYPE_INT_BOOLEAN => (data != 0).to_string(),
        TYPE_INT_COLOR_ARGB8 => format!("#{data:08x}"),
        TYPE_INT_COLOR_RGB8 => format!("#{:06x}", data & 0x00ff_ffff),
        // Four-bit colours are stored expanded (`#f0a` as `0xffff00aa`): one nibble of each byte.
        TYPE_INT_COLOR_ARGB4 => format!("#{:x}{}", data >> 28, rgb4(data)),
        TYPE_INT_COLOR_RGB4 => format!("#{}", rgb4(data)),
        TYPE_INT_DEC..=TYPE_INT_COLOR_RGB4 => (data as i32).to_string(),
        // A type the platform does not know: its bits, so that nothing is silently lost.
        _ => format!("0x{data:08x}"),
    }
}

fn rgb4(data: u32) -> String {
    format!("{:x}{:x}{:x}", (data >> 20) & 0xf, (data >> 12) & 0xf, (data >> 4) & 0xf)
}

/// A complex (dimension or fraction) value: a signed 24-bit mantissa in the high bits and a
/// radix saying where its binary point is. At most 24 significant bits, so `f32` is exact.
fn complex(data: u32) -> f32 {
    const RADIX: [f64; 4] = [1.0 / 256.0, 1.0 / 32_768.0, 1.0 / 8_388_608.0, 1.0 / 2_147_483_648.0];
    let mantissa = f64::from((data & 0xffff_ff00) as i32);
    let radix = RADIX.get(((data >> 4) & 0x3) as usize).copied().unwrap_or(1.0);
    (mantissa * radix) as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_booleans_and_references() {
        assert_eq!(render(TYPE_INT_DEC, 42), "42");
        assert_eq!(render(TYPE_INT_DEC, u32::MAX), "-1");
        assert_eq!(render(TYPE_INT_HEX, 0x20000), "0x20000");
        assert_eq!(render(TYPE_INT_BOOLEAN, 0xffff_ffff), "true");
        assert_eq!(render(TYPE_INT_BOOLEAN, 0), "false");
        assert_eq!(render(TYPE_REFERENCE, 0x7f0a_0001), "@0x7f0a0001");
        assert_eq!(render(TYPE_REFERENCE, 0), "@null");
        assert_eq!(render(TYPE_ATTRIBUTE, 0x0101_0000), "?0x01010000");
        assert_eq!(render(0x42, 7), "0x00000007");
    }

    #[test]
    fn floats_dimensions_fractions_and_colours() {
        assert_eq!(render(TYPE_FLOAT, 1.5f32.to_bits()), "1.5");
        // 16dp: mantissa 16 with radix 23p0, unit dip.
        assert_eq!(render(TYPE_DIMENSION, (16 << 8) | 1), "16dp");
        // -2.5sp: mantissa -2.5 * 2^7 with radix 16p7.
        assert_eq!(render(TYPE_DIMENSION, ((-320i32 as u32) << 8) | (1 << 4) | 2), "-2.5sp");
        // 50%: 0.5 with radix 0p23.
        assert_eq!(render(TYPE_FRACTION, (0x40_0000 << 8) | (3 << 4)), "50%");
        assert_eq!(render(TYPE_FRACTION, (0x40_0000 << 8) | (3 << 4) | 1), "50%p");
        assert_eq!(render(TYPE_INT_COLOR_ARGB8, 0xff3f_51b5), "#ff3f51b5");
        assert_eq!(render(TYPE_INT_COLOR_RGB8, 0xff3f_51b5), "#3f51b5");
        assert_eq!(render(TYPE_INT_COLOR_ARGB4, 0xffff_00aa), "#ff0a");
        assert_eq!(render(TYPE_INT_COLOR_RGB4, 0xffff_00aa), "#f0a");
    }
}
