//! Helpers shared by the integration tests.

/// The bundled policy's files, `(path, text)`, in name order.
pub fn bundled_policy() -> Vec<(String, String)> {
    // The bundled packs in load order (`cac-2016` requires `base`), compiled as one policy.
    let mut files = Vec::new();
    for pack in ["policies/base", "policies/cac-2016"] {
        let mut paths: Vec<std::path::PathBuf> = std::fs::read_dir(pack)
            .map(|rd| {
                rd.flatten()
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|e| e == "clause"))
                    .collect()
            })
            .unwrap_or_default();
        paths.sort();
        files.extend(
            paths.iter().map(|p| (p.display().to_string(), std::fs::read_to_string(p).unwrap_or_default())),
        );
    }
    files
}
