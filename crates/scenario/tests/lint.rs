//! The lesson linter: every lesson speaks both languages in every text, refers to other
//! lessons by their title (never "the previous lesson"), every title it names exists, and
//! every goal is reachable: met after the lesson's reference solution, not met at the start.
//! (`crates/cli/tests/lessons.rs` proves the same through `kubeplay check --lesson`.)

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use kubeplay_scenario::{lessons, split_commands, Scenario};

/// Every text of a lesson, as (where, English, Korean).
fn texts(sc: &Scenario) -> Vec<(String, String, String)> {
    let mut out = vec![
        ("title".to_owned(), sc.title.en.clone(), sc.title.ko.clone()),
        ("text".to_owned(), sc.text.en.clone(), sc.text.ko.clone()),
    ];
    for (i, g) in sc.goals.iter().enumerate() {
        out.push((format!("goals[{i}]"), g.text.en.clone(), g.text.ko.clone()));
    }
    out
}

/// Collapses runs of whitespace (a reference may wrap across lines).
fn flat(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The titles an English text names as `the lesson "TITLE"`.
fn english_refs(text: &str) -> Vec<String> {
    let t = flat(text);
    t.match_indices("lesson \"").filter_map(|(i, m)| t[i + m.len()..].split('"').next().map(str::to_owned)).collect()
}

/// The titles a Korean text names as `"TITLE" 레슨`.
fn korean_refs(text: &str) -> Vec<String> {
    let t = flat(text);
    t.match_indices("\" 레슨").filter_map(|(i, _)| t[..i].rsplit('"').next().map(str::to_owned)).collect()
}

#[test]
fn every_text_is_in_both_languages() {
    for sc in lessons::all() {
        for (place, en, ko) in texts(&sc) {
            assert!(!en.trim().is_empty(), "lesson {}: {place} has no English", sc.id);
            assert!(!ko.trim().is_empty(), "lesson {}: {place} has no Korean", sc.id);
            assert_ne!(en.trim(), ko.trim(), "lesson {}: {place}: the Korean is a copy of the English", sc.id);
        }
    }
}

#[test]
fn cross_references_name_existing_lessons() {
    let all = lessons::all();
    let mut refs = 0;
    for sc in &all {
        for (place, en, ko) in texts(sc) {
            for bad in ["previous lesson", "next lesson", "lesson above", "lesson below"] {
                assert!(!en.contains(bad), "lesson {}: {place} says {bad:?}: name the lesson by its title", sc.id);
            }
            for bad in ["앞 레슨", "다음 레슨", "이전 레슨", "위 레슨"] {
                assert!(!ko.contains(bad), "lesson {}: {place} says {bad:?}: name the lesson by its title", sc.id);
            }
            let (en_refs, ko_refs) = (english_refs(&en), korean_refs(&ko));
            for title in &en_refs {
                assert!(all.iter().any(|l| l.title.en == *title), "lesson {}: {place} names no lesson: {title:?}", sc.id);
            }
            for title in &ko_refs {
                assert!(all.iter().any(|l| l.title.ko == *title), "lesson {}: {place} names no lesson: {title:?}", sc.id);
            }
            // Both languages point at the same lessons.
            let en_ids: Vec<&str> =
                en_refs.iter().filter_map(|t| all.iter().find(|l| l.title.en == *t)).map(|l| l.id.as_str()).collect();
            let ko_ids: Vec<&str> =
                ko_refs.iter().filter_map(|t| all.iter().find(|l| l.title.ko == *t)).map(|l| l.id.as_str()).collect();
            assert_eq!(en_ids, ko_ids, "lesson {}: {place}: English and Korean refer to different lessons", sc.id);
            refs += en_refs.len();
        }
    }
    // The linter did find the references there are (so it cannot pass by finding none).
    assert!(refs >= 4, "only {refs} cross-references found");
}

#[test]
fn the_reference_finder_finds_what_it_should() {
    assert_eq!(english_refs("see the lesson\n    \"A b\".) and the lesson \"C\""), vec!["A b", "C"]);
    assert_eq!(korean_refs("(\"가 나\" 레슨 참고) 그리고 \"다\"\n 레슨"), vec!["가 나", "다"]);
}

#[test]
fn every_goal_is_reachable_and_not_given() {
    for sc in lessons::all() {
        let mut pg = sc.start().unwrap_or_else(|e| panic!("lesson {}: {e}", sc.id));
        let at_start: Vec<bool> = sc.evaluate(&pg).iter().map(|r| r.met).collect();
        assert!(at_start.iter().any(|m| !m), "lesson {}: every goal is met at the start", sc.id);
        let solution = lessons::solution(&sc.id).unwrap_or_else(|| panic!("lesson {}: no solution", sc.id));
        for cmd in split_commands(solution) {
            pg.command(&cmd);
        }
        pg.run_until_idle();
        for (i, r) in sc.evaluate(&pg).iter().enumerate() {
            assert!(r.met, "lesson {}: goals[{i}] {:?} is not reached by its solution: {}", sc.id, r.text.en, r.detail);
        }
    }
}
