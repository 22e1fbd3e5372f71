use super::*;

#[test]
fn alnum_runs_are_those_of_a_byte_by_byte_split() {
    let pieces = [
        "a",
        "Z9",
        " ",
        "-",
        "word",
        "\n",
        "'",
        "0123456789abcdefghij",
    ];
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    for _ in 0..5000 {
        let n = crate::testing::xorshift(&mut seed) % 40;
        let text: String = (0..n)
            .map(|_| pieces[(crate::testing::xorshift(&mut seed) % 8) as usize])
            .collect();
        let bytes = text.as_bytes();
        let mut want = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                i += 1;
            }
            if i > start {
                want.push((start, i));
            } else {
                i += 1;
            }
        }
        assert_eq!(alnum_runs(bytes).collect::<Vec<_>>(), want, "{text:?}");
    }
}

#[test]
fn the_stop_word_test_is_the_list() {
    for w in STOP_WORDS {
        assert!(is_stop_word(w), "{w}");
        assert!(!is_stop_word(&format!("{w}s")) || STOP_WORDS.contains(&&*format!("{w}s")));
    }
    for w in ["", "th", "thee", "fro", "with ", "The", "ax", "ise"] {
        assert_eq!(is_stop_word(w), STOP_WORDS.contains(&w), "{w:?}");
    }
}

fn texts(tokens: &[Token], kind: TokenKind) -> Vec<&str> {
    let of_kind = tokens.iter().filter(|t| t.kind == kind);
    of_kind.map(|t| t.text.as_str()).collect()
}

#[test]
fn folding_drops_case_accents_and_width_but_keeps_kana_voicing() {
    let tk = Tokenizer::default();
    assert_eq!(tk.fold("Shūdanteki Jieiken"), "shudanteki jieiken");
    assert_eq!(tk.fold("Café NAÏVE"), "cafe naive");
    assert_eq!(tk.fold("ＰＡＣ－３"), "pac-3");
    assert_eq!(tk.fold("ﾊﾟﾄﾘｵｯﾄ"), "パトリオット");
    assert_eq!(tk.fold("ガイドライン"), "ガイドライン");
}

#[test]
fn words_are_runs_of_letters_and_digits_and_cjk_runs_stand_apart() {
    let runs = runs("pac-3 mse、集団的自衛権とは co-op");
    let want = [
        Run::Word("pac"),
        Run::Word("3"),
        Run::Word("mse"),
        Run::Cjk("集団的自衛権とは"),
        Run::Word("co"),
        Run::Word("op"),
    ];
    assert_eq!(runs, want);
    assert_eq!(
        super::runs("日本のPAC3"),
        [Run::Cjk("日本の"), Run::Word("PAC3")]
    );
}

#[test]
fn ascii_text_gives_the_terms_of_the_general_path() {
    let tk = Tokenizer::default();
    let text = "The PAC-3 MSE's seeker, made in 2024 (co-op) -- e.g. U.S.";
    let fast = tk.tokens(text);
    let general: Vec<Token> = runs(&tk.fold(text))
        .into_iter()
        .map(|r| match r {
            Run::Word(w) => Token {
                text: w.to_string(),
                kind: TokenKind::Word,
            },
            Run::Cjk(_) => unreachable!("no CJK in {text}"),
        })
        .collect();
    assert_eq!(fast, general);
    assert_eq!(fast[1].text, "pac");
}

#[test]
fn bigrams_overlap_and_a_lone_character_is_its_own_term() {
    let pairs: Vec<String> = bigrams("自衛権").into_iter().map(|t| t.text).collect();
    assert_eq!(pairs, ["自衛", "衛権"]);
    let one: Vec<String> = bigrams("核").into_iter().map(|t| t.text).collect();
    assert_eq!(one, ["核"]);
}

#[test]
fn a_part_of_a_compound_shares_all_its_pairs_with_the_whole() {
    let tk = Tokenizer::default();
    let whole = tk.tokens("集団的自衛権");
    let part = tk.tokens("自衛権");
    let whole_pairs = texts(&whole, TokenKind::Bigram);
    for p in texts(&part, TokenKind::Bigram) {
        assert!(whole_pairs.contains(&p), "{p} missing from {whole_pairs:?}");
    }
}

#[test]
fn japanese_text_is_split_into_dictionary_words() {
    let tk = Tokenizer::default();
    let words = tk.tokens("日本政府は武器輸出を禁止した");
    let words = texts(&words, TokenKind::CjkWord);
    for w in ["日本", "政府", "武器", "輸出", "禁止"] {
        assert!(words.contains(&w), "{w} missing from {words:?}");
    }
}

#[test]
fn stop_words_are_found_by_the_length_filter_too() {
    assert!(STOP_WORDS.iter().all(|w| is_stop_word(w)));
    assert!(!is_stop_word("that's") && !is_stop_word("export"));
}

#[test]
fn english_words_are_stemmed_and_others_are_not() {
    let tk = Tokenizer::default();
    assert_eq!(tk.stem("exports"), "export");
    assert_eq!(tk.stem("exported"), "export");
    assert_eq!(tk.stem("licensing"), tk.stem("licensed"));
    assert_eq!(tk.stem("1976"), "1976");
    assert_eq!(tk.stem("自衛"), "自衛");
}

#[test]
fn a_shard_key_is_three_characters_or_one_cjk_character() {
    assert_eq!(shard_key("export"), "exp");
    assert_eq!(shard_key("pa"), "pa");
    assert_eq!(shard_key("自衛"), "自");
    assert_eq!(shard_key("éta"), "éta");
    // A typed prefix names the shard of every word it starts.
    assert_eq!(shard_of("exporting", 97), shard_of("exp", 97));
    assert_eq!(shard_of("anything", 1), 0);
    // FNV-1a of "exp", as the client computes it.
    assert_eq!(shard_of("exp", u32::MAX), 0x72a6_8728);
}
