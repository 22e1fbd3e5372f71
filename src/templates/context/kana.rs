//! Gojūon order for the Japanese glossary index: readings compared by their kana with voicing
//! marks and small kana set aside first, and grouped by kana row (あ か さ た な は ま や ら わ).

/// The hiragana of `c` (katakana converted), unvoiced and full-size: `ガ` → `か`, `っ` → `つ`.
fn base(c: char) -> char {
    let mut u = c as u32;
    if (0x30A1..=0x30F6).contains(&u) {
        u -= 0x60; // katakana → hiragana
    }
    let b = match u {
        0x3041..=0x304A if u & 1 == 1 => u + 1,           // ぁ → あ
        0x304B..=0x3062 if u & 1 == 0 => u - 1,           // が → か … ぢ → ち
        0x3063 => 0x3064,                                 // っ → つ
        0x3065..=0x3069 if u & 1 == 1 => u - 1,           // づ → つ, で → て, ど → と
        0x306F..=0x307D => 0x306F + (u - 0x306F) / 3 * 3, // ば, ぱ → は …
        0x3083..=0x3088 if u & 1 == 1 => u + 1,           // ゃ → や
        0x308E => 0x308F,                                 // ゎ → わ
        0x3094 => 0x3046,                                 // ゔ → う
        _ => u,
    };
    char::from_u32(b).unwrap_or(c)
}

/// The sort key of a reading: base kana first, then the reading as written (so は < ば < ぱ).
pub(super) fn sort_key(reading: &str) -> (String, String) {
    let hiragana: String = reading
        .chars()
        .map(|c| {
            let u = c as u32;
            if (0x30A1..=0x30F6).contains(&u) {
                char::from_u32(u - 0x60).unwrap_or(c)
            } else {
                c
            }
        })
        .collect();
    (hiragana.chars().map(base).collect(), hiragana)
}

/// A kana row: its first kana and an ASCII name for ids (`('か', "ka")`).
pub(super) type Row = Option<(char, &'static str)>;

/// The kana row a reading starts in (`あ` … `わ`), or `None` when it does not start with kana.
pub(super) fn row(reading: &str) -> Row {
    let c = base(reading.chars().next()?);
    const ROWS: [(char, char, &str); 10] = [
        ('あ', 'お', "a"),
        ('か', 'ご', "ka"),
        ('さ', 'ぞ', "sa"),
        ('た', 'ど', "ta"),
        ('な', 'の', "na"),
        ('は', 'ぽ', "ha"),
        ('ま', 'も', "ma"),
        ('や', 'よ', "ya"),
        ('ら', 'ろ', "ra"),
        ('わ', 'ん', "wa"),
    ];
    ROWS.iter()
        .find(|(first, last, _)| (*first..=*last).contains(&c))
        .map(|(first, _, id)| (*first, *id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readings_sort_in_gojuon_order_and_fall_in_their_rows() {
        let mut words = vec![
            "ぼうえい",
            "あんぜん",
            "ぱっくすりー",
            "ジーキャップ",
            "きょうどう",
            "がいため",
            "わかもの",
            "しゅうだんてきじえいけん",
            "はいち",
            "らいせんす",
            "やくそく",
            "みさいる",
            "ないかく",
            "とうじょう",
            "ちょくせつ",
        ];
        words.sort_by_key(|w| sort_key(w));
        assert_eq!(
            words,
            [
                "あんぜん",
                "がいため",
                "きょうどう",
                "しゅうだんてきじえいけん",
                "ジーキャップ",
                "ちょくせつ",
                "とうじょう",
                "ないかく",
                "はいち",
                "ぱっくすりー",
                "ぼうえい",
                "みさいる",
                "やくそく",
                "らいせんす",
                "わかもの",
            ]
        );
        let rows: Vec<char> = words.iter().map(|w| row(w).unwrap().0).collect();
        let want = "あかかささたたなはははまやらわ"; // ー sorts after the kana
        assert_eq!(rows.iter().collect::<String>(), want);
        assert_eq!(row("PAC-3"), None);
        assert_eq!(row("ガイドライン"), Some(('か', "ka")));
    }
}
