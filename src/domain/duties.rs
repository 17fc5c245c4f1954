//! Duties of a department that went to another body than its successor in the 2025
//! reorganization (social protection from Sở Lao động - Thương binh và Xã hội to Sở Y tế, not Sở
//! Nội vụ): which body now does a task depends on what the task is. The table is
//! `data/successors_by_duty.tsv`; only the comparison of plans reads it.

use once_cell::sync::Lazy;

const DUTIES_TSV: &str = include_str!("../../data/successors_by_duty.tsv");

/// One duty that went its own way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duty {
    /// The department that held it, canonical name.
    pub body: String,
    /// The duty as a note names it ("bảo trợ xã hội").
    pub duty: String,
    /// The body that took it over.
    pub successor: String,
    /// The words that name it in a task, folded and padded (" bao tro xa hoi ").
    words: Vec<String>,
}

static DUTIES: Lazy<Vec<Duty>> = Lazy::new(|| load(DUTIES_TSV));

fn load(text: &str) -> Vec<Duty> {
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .filter_map(|line| {
            let mut fields = line.split('\t');
            let (body, duty, words, successor) = (
                fields.next()?,
                fields.next()?,
                fields.next()?,
                fields.next()?,
            );
            Some(Duty {
                body: body.to_string(),
                duty: duty.to_string(),
                successor: successor.to_string(),
                words: words.split('|').map(padded_key).collect(),
            })
        })
        .collect()
}

/// Lowercase, no diacritics, words separated by one space, with a space at each end, so that a
/// phrase is found as whole words by a substring search. Punctuation stays as a "|" of its own,
/// so that no phrase is found across it: "hệ thống thông tin, cơ sở dữ liệu" (information
/// systems, databases) does not hold "thông tin cơ sở" (grassroots information).
fn padded_key(text: &str) -> String {
    let folded = super::text::fold(text);
    let mut words: Vec<&str> = Vec::new();
    for piece in folded.split_whitespace() {
        for (i, part) in piece.split(|c: char| !c.is_alphanumeric()).enumerate() {
            if i > 0 {
                words.push("|");
            }
            if !part.is_empty() {
                words.push(part);
            }
        }
    }
    format!(" {} ", words.join(" "))
}

/// The duty of `body` (canonical name) that `task` names, if it went to another successor.
pub fn duty_of(body: &str, task: &str) -> Option<&'static Duty> {
    let mut duties = DUTIES.iter().filter(|d| d.body == body).peekable();
    duties.peek()?;
    let task = padded_key(task);
    duties.find(|d| d.words.iter().any(|w| task.contains(w.as_str())))
}

/// Every duty of `body` that went elsewhere: what a note must mention when a task names none of
/// them and the body is compared by its main successor.
pub fn split_duties(body: &str) -> Vec<&'static Duty> {
    DUTIES.iter().filter(|d| d.body == body).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const LDTBXH: &str = "Sở Lao động - Thương binh và Xã hội";

    #[test]
    fn a_task_naming_a_duty_finds_it_whatever_its_marks_or_case() {
        let duty = duty_of(LDTBXH, "Số hóa hồ sơ Bảo trợ xã hội trên địa bàn tỉnh").unwrap();
        assert_eq!(duty.successor, "Sở Y tế");
        let duty = duty_of(LDTBXH, "Chuyển đổi số trong giao duc nghe nghiep").unwrap();
        assert_eq!(duty.successor, "Sở Giáo dục và Đào tạo");
        let duty = duty_of("Sở Thông tin và Truyền thông", "Quản lý báo chí, xuất bản").unwrap();
        assert_eq!(duty.successor, "Sở Văn hóa, Thể thao và Du lịch");
    }

    #[test]
    fn words_match_whole_words_only_and_other_tasks_keep_the_main_successor() {
        assert_eq!(duty_of(LDTBXH, "Cơ sở dữ liệu về lao động, việc làm"), None);
        assert_eq!(
            duty_of(
                "Sở Thông tin và Truyền thông",
                "Hệ thống hội nghị truyền hình trực tuyến"
            ),
            None
        );
        // "dạy nghề" inside another word is not the duty, nor a phrase across punctuation.
        assert_eq!(duty_of(LDTBXH, "dạy nghềx"), None);
        assert_eq!(duty_of(LDTBXH, "giáo dục, nghề nghiệp"), None);
        assert_eq!(
            duty_of(
                "Sở Thông tin và Truyền thông",
                "an toàn các hệ thống thông tin, cơ sở dữ liệu, báo cáo"
            ),
            None
        );
        assert_eq!(duty_of("Sở Y tế", "bảo trợ xã hội"), None);
    }

    #[test]
    fn every_body_and_successor_is_in_the_lexicon() {
        for duty in DUTIES.iter() {
            for name in [&duty.body, &duty.successor] {
                let resolved = super::super::agencies::resolve(name);
                assert_eq!(&resolved.canonical, name, "{name} is not a canonical name");
            }
            assert!(!duty.words.is_empty() && !duty.duty.is_empty());
        }
        assert!(DUTIES.len() >= 3);
    }
}
