//! Helpers shared by the unit tests.

use proptest::test_runner::{Config, RngSeed, TestRunner};

/// Runs `check` on `cases` texts generated from the regular expression `pattern`, from a fixed
/// seed: the same texts on every run, so a failure is reproducible and a pass means the same.
pub(crate) fn for_generated_texts(pattern: &str, cases: u32, seed: u64, check: impl Fn(&str)) {
    let texts = proptest::string::string_regex(pattern).expect("a valid test pattern");
    let config = Config {
        cases,
        rng_seed: RngSeed::Fixed(seed),
        ..Config::default()
    };
    TestRunner::new(config)
        .run(&texts, |text| {
            check(&text);
            Ok(())
        })
        .expect("every generated text passes");
}
