//! Which rules run and at what severity: `plandoc.toml` first, then command-line flags.
//!
//! ```toml
//! [check]
//! disable = ["past-deadline"]
//! enable = ["unknown-agency"]
//!
//! [check.severity]
//! numbering-gap = "warning"
//! unknown-agency = "error"   # "off" disables a rule too
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::rules::{self, RULES};
use crate::error::{Error, Result};
use crate::model::Severity;

/// The name of the file looked up in the current folder and its parents.
pub const CONFIG_FILE: &str = "plandoc.toml";

#[derive(Debug, Clone)]
pub struct Config {
    /// Severity of each rule; None when the rule is disabled.
    levels: BTreeMap<&'static str, Option<Severity>>,
    /// Rules whose severity the user set: plandoc's own lowering of a finding (one that rests
    /// on a guess about the layout, or a part not every issued plan has) does not apply to them,
    /// so a CI job can make such findings errors.
    chosen: BTreeSet<&'static str>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            levels: RULES.iter().map(|r| (r.name, Some(r.severity))).collect(),
            chosen: BTreeSet::new(),
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSection {
    #[serde(default)]
    enable: Vec<String>,
    #[serde(default)]
    disable: Vec<String>,
    #[serde(default)]
    severity: BTreeMap<String, String>,
}

/// Only `[check]` is plandoc's: a misspelt section ("[chek]") would otherwise be ignored.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    check: Option<FileSection>,
}

impl Config {
    /// The severity a rule reports at, or None when disabled.
    pub fn level(&self, rule: &str) -> Option<Severity> {
        self.levels.get(rule).copied().flatten()
    }

    /// True when the user set the rule's severity (in `plandoc.toml` or with `--severity`):
    /// that level is then final.
    pub fn is_chosen(&self, rule: &str) -> bool {
        self.chosen.contains(rule)
    }

    /// Turns a rule on; one that was off comes back at its default severity, which plandoc may
    /// lower (a rule left on keeps the severity it was given).
    pub fn enable(&mut self, rule: &str) -> Result<()> {
        let known = known(rule)?;
        let entry = self.levels.entry(known.name).or_insert(None);
        if entry.is_none() {
            *entry = Some(known.severity);
            self.chosen.remove(known.name);
        }
        Ok(())
    }

    pub fn disable(&mut self, rule: &str) -> Result<()> {
        let known = known(rule)?;
        self.levels.insert(known.name, None);
        self.chosen.remove(known.name);
        Ok(())
    }

    /// Applies a `plandoc.toml`; unknown rule names and keys are errors so a typo is not silently
    /// ignored in CI.
    pub fn apply_file(&mut self, path: &Path) -> Result<()> {
        let metadata = std::fs::metadata(path)
            .map_err(|e| Error::input(path, format!("cannot read config: {e}")))?;
        if !metadata.is_file() {
            // A pipe would be waited on for ever, a folder or a device is a wrong path.
            return Err(Error::input(
                path,
                "cannot read config: not a file (a folder, a pipe or a device)",
            ));
        }
        let bytes = crate::read::read_source_limited(path, MAX_CONFIG_BYTES)
            .map_err(|e| Error::input(path, format!("cannot read config: {}", e.into_reason())))?;
        let text = String::from_utf8(bytes)
            .map_err(|e| Error::input(path, format!("cannot read config: not UTF-8: {e}")))?;
        let parsed: File = toml::from_str(&text).map_err(|e| {
            Error::input(
                path,
                format!("invalid config: {}", shorten_lines(&e.to_string())),
            )
        })?;
        let Some(section) = parsed.check else {
            return Ok(());
        };
        let settings = Settings {
            enable: section.enable,
            disable: section.disable,
            severity: section.severity.into_iter().collect(),
        };
        self.apply(&settings)
            .map_err(|e| Error::input(path, e.to_string()))
    }

    /// Applies one layer of settings (the file's, or the command line's, which comes after and
    /// so wins). Within one layer, a rule asked to run and not to run is refused rather than
    /// settled by which list happens to be applied last: the user meant one of the two.
    pub fn apply(&mut self, settings: &Settings) -> Result<()> {
        let mut wanted: BTreeMap<&'static str, (bool, &str)> = BTreeMap::new();
        let mut note = |rule: &'static str, on: bool, how: &'static str| -> Result<()> {
            match wanted.insert(rule, (on, how)) {
                Some((before, how_before)) if before != on => Err(Error::Usage(format!(
                    "rule '{rule}' is both {how_before} and {how}; keep one"
                ))),
                _ => Ok(()),
            }
        };
        for rule in &settings.enable {
            note(known(rule)?.name, true, "enabled")?;
        }
        for rule in &settings.disable {
            note(known(rule)?.name, false, "disabled")?;
        }
        let mut levels: Vec<(&'static str, Option<Severity>)> = Vec::new();
        for (rule, level) in &settings.severity {
            let known = known(rule)?;
            let severity = parse_level(rule, level)?;
            // Two levels for one rule in one layer: which was meant is not for the order to say.
            if let Some((_, before)) = levels.iter().find(|(name, _)| *name == known.name) {
                if *before != severity {
                    return Err(Error::Usage(format!(
                        "rule '{}' is given two severities ({} and {}); keep one",
                        known.name,
                        level_name(*before),
                        level_name(severity)
                    )));
                }
            }
            let how = if severity.is_some() {
                "given a severity"
            } else {
                "set to off"
            };
            note(known.name, severity.is_some(), how)?;
            levels.push((known.name, severity));
        }
        for rule in &settings.enable {
            self.enable(rule)?;
        }
        for rule in &settings.disable {
            self.disable(rule)?;
        }
        for (rule, severity) in levels {
            self.levels.insert(rule, severity);
            // "off" chooses no level: a later --enable brings the default back.
            if severity.is_some() {
                self.chosen.insert(rule);
            } else {
                self.chosen.remove(rule);
            }
        }
        Ok(())
    }
}

/// One layer of rule settings: `[check]` of a `plandoc.toml`, or the command line's flags.
#[derive(Debug, Default, Clone)]
pub struct Settings {
    pub enable: Vec<String>,
    pub disable: Vec<String>,
    /// (rule, level) pairs; level is `error`, `warning`, `info` or `off`.
    pub severity: Vec<(String, String)>,
}

fn level_name(level: Option<Severity>) -> &'static str {
    match level {
        Some(Severity::Error) => "error",
        Some(Severity::Warning) => "warning",
        Some(Severity::Info) => "info",
        None => "off",
    }
}

/// `error`, `warning`, `info` (and their synonyms) or `off`, which disables the rule.
fn parse_level(rule: &str, level: &str) -> Result<Option<Severity>> {
    match level.trim().to_ascii_lowercase().as_str() {
        "error" | "deny" => Ok(Some(Severity::Error)),
        "warning" | "warn" => Ok(Some(Severity::Warning)),
        "info" | "note" => Ok(Some(Severity::Info)),
        "off" | "none" | "allow" => Ok(None),
        other => Err(Error::Usage(format!(
            "unknown severity '{other}' for rule '{rule}' (use error, warning, info or off)"
        ))),
    }
}

fn known(rule: &str) -> Result<&'static rules::Rule> {
    rules::find(rule.trim()).ok_or_else(|| {
        let names: Vec<&str> = RULES.iter().map(|r| r.name).collect();
        // A typo of one name is named first, as rustc and cargo do.
        let closest = RULES
            .iter()
            .map(|r| (strsim::levenshtein(rule.trim(), r.name), r.name))
            .min()
            .filter(|(distance, _)| *distance <= 3)
            .map(|(_, name)| format!("; did you mean '{name}'?"))
            .unwrap_or_default();
        Error::Usage(format!(
            "unknown rule '{rule}'{closest} (known: {})",
            names.join(", ")
        ))
    })
}

/// A configuration is a few lines: a file over this is not one (and its parse error, which
/// quotes the line, would be as long).
pub const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

/// A message with each line cut to 200 characters and at most 20 lines: a TOML error quotes the
/// offending line, which in a wrong file may be megabytes long.
fn shorten_lines(message: &str) -> String {
    let mut lines: Vec<String> = message
        .lines()
        .take(20)
        .map(|line| crate::render::plan::shorten(line, 200))
        .collect();
    if message.lines().nth(20).is_some() {
        lines.push("…".to_string());
    }
    lines.join("\n")
}

/// `plandoc.toml` in `start` or the nearest parent folder that has one. Whatever is there
/// under that name is taken — a link to a missing file, a folder, a pipe — so that reading it
/// fails, named, rather than a parent's configuration or the defaults being used in silence.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let mut folder = Some(start);
    let mut steps = 0;
    while let Some(current) = folder {
        let candidate = current.join(CONFIG_FILE);
        if candidate.symlink_metadata().is_ok() {
            return Some(candidate);
        }
        steps += 1;
        if steps > 64 {
            break;
        }
        folder = current.parent();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_level_the_user_gives_is_final() {
        let mut config = Config::default();
        let settings = |severity: &[(&str, &str)], enable: &[&str]| Settings {
            enable: enable.iter().map(|r| r.to_string()).collect(),
            disable: Vec::new(),
            severity: severity
                .iter()
                .map(|(r, l)| (r.to_string(), l.to_string()))
                .collect(),
        };
        config
            .apply(&settings(&[("missing-section", "off")], &[]))
            .unwrap();
        assert!(!config.is_chosen("missing-section"));
        config.apply(&settings(&[], &["missing-section"])).unwrap();
        assert_eq!(config.level("missing-section"), Some(Severity::Error));
        assert!(!config.is_chosen("missing-section"), "back at its default");
        config
            .apply(&settings(&[("missing-section", "warning")], &[]))
            .unwrap();
        assert!(config.is_chosen("missing-section"));
        config.apply(&settings(&[], &["missing-section"])).unwrap();
        assert_eq!(config.level("missing-section"), Some(Severity::Warning));
        assert!(
            config.is_chosen("missing-section"),
            "enabling keeps the level given"
        );
        config.disable("missing-section").unwrap();
        config.enable("missing-section").unwrap();
        assert!(!config.is_chosen("missing-section"));
    }

    #[test]
    fn file_disables_and_sets_severity() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(CONFIG_FILE);
        std::fs::write(
            &path,
            "[check]\ndisable = [\"past-deadline\"]\n[check.severity]\nnumbering-gap = \"warning\"\n",
        )
        .unwrap();
        let mut config = Config::default();
        config.apply_file(&path).unwrap();
        assert_eq!(config.level("past-deadline"), None);
        assert_eq!(config.level("numbering-gap"), Some(Severity::Warning));
        assert_eq!(config.level("encoding-damage"), Some(Severity::Error));
    }

    #[test]
    fn unknown_rule_is_refused() {
        let mut config = Config::default();
        assert!(config.disable("numbering-gaps").is_err());
        let loud = Settings {
            severity: vec![("numbering-gap".to_string(), "loud".to_string())],
            ..Settings::default()
        };
        assert!(config.apply(&loud).is_err());
    }

    #[test]
    fn one_layer_may_not_both_run_and_stop_a_rule() {
        let both = |enable: &[&str], disable: &[&str], severity: &[(&str, &str)]| {
            let settings = Settings {
                enable: enable.iter().map(|r| r.to_string()).collect(),
                disable: disable.iter().map(|r| r.to_string()).collect(),
                severity: severity
                    .iter()
                    .map(|(r, l)| (r.to_string(), l.to_string()))
                    .collect(),
            };
            Config::default().apply(&settings)
        };
        let error = both(&["numbering-gap"], &["numbering-gap"], &[]).unwrap_err();
        assert!(
            error.to_string().contains("both enabled and disabled"),
            "{error}"
        );
        let error = both(&[], &["numbering-gap"], &[("numbering-gap", "warning")]).unwrap_err();
        assert!(
            error.to_string().contains("disabled and given a severity"),
            "{error}"
        );
        assert!(both(&[], &["numbering-gap"], &[("numbering-gap", "off")]).is_ok());
        let error = both(
            &[],
            &[],
            &[("past-deadline", "error"), ("past-deadline", "warning")],
        )
        .unwrap_err();
        assert!(
            error
                .to_string()
                .contains("two severities (error and warning)"),
            "{error}"
        );
        assert!(both(
            &[],
            &[],
            &[("past-deadline", "error"), ("past-deadline", "deny")]
        )
        .is_ok());
        assert!(both(&["numbering-gap"], &[], &[("numbering-gap", "info")]).is_ok());
    }

    #[test]
    fn the_command_line_overrides_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(CONFIG_FILE);
        std::fs::write(&path, "[check]\ndisable = [\"past-deadline\"]\n").unwrap();
        let mut config = Config::default();
        config.apply_file(&path).unwrap();
        let flags = Settings {
            enable: vec!["past-deadline".to_string()],
            ..Settings::default()
        };
        config.apply(&flags).unwrap();
        assert_eq!(config.level("past-deadline"), Some(Severity::Error));
        let mut contradictory = Config::default();
        std::fs::write(
            &path,
            "[check]\nenable = [\"past-deadline\"]\ndisable = [\"past-deadline\"]\n",
        )
        .unwrap();
        let error = contradictory.apply_file(&path).unwrap_err().to_string();
        assert!(
            error.contains(CONFIG_FILE) && error.contains("past-deadline"),
            "{error}"
        );
    }

    #[test]
    fn a_misspelt_section_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(CONFIG_FILE);
        std::fs::write(&path, "[chek]\ndisable = [\"past-deadline\"]\n").unwrap();
        let error = Config::default().apply_file(&path).unwrap_err().to_string();
        assert!(error.contains("chek"), "{error}");
    }
}
