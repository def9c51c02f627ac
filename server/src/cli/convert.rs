//! `agentls convert --to HOST FILE...`: each agent file written as HOST's
//! agent, printed (after a `==> PATH` line) or, with `--write`, written
//! where HOST reads it. The conversion itself is the core's.

use std::io::Write;
use std::path::{Path, PathBuf};

use agentls_core::convert::{convert, project_root};
use agentls_core::decode_bytes;

use super::args::ConvertOptions;
use crate::discover;

/// Exit 0 when every file converted, 1 when one could not be, 2 when one
/// could not be read or written.
pub fn main(o: &ConvertOptions) -> i32 {
    let mut status = 0;
    let mut out = std::io::stdout().lock();
    for file in &o.files {
        match convert_file(file, o) {
            Ok(shown) => {
                // `let _ =`: a closed stdout is not worth a panic.
                let _ = out.write_all(shown.as_bytes());
            }
            Err((code, message)) => {
                let _ = writeln!(std::io::stderr(), "agentls: {}: {message}", file.display());
                status = status.max(code);
            }
        }
    }
    status
}

fn convert_file(file: &Path, o: &ConvertOptions) -> Result<String, (i32, String)> {
    let bytes = match discover::read(file) {
        Ok(Some(b)) => b,
        Ok(None) => return Err((2, "cannot read: the file is too large".into())),
        Err(e) => return Err((2, format!("cannot read: {e}"))),
    };
    let text = decode_bytes(&bytes).ok_or((1, "cannot convert: not a text file".into()))?;
    // Absolute: the kind comes from the folders above the file.
    let absolute = std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf());
    let c = convert(&text, &absolute, o.to)
        .map_err(|why| (1, format!("cannot convert to {}: {why}", o.to.label())))?;
    let root = project_root(file)
        .or_else(|| project_root(&absolute))
        .unwrap_or_else(|| PathBuf::from("."));
    let target = root.join(&c.path);
    if !o.write {
        let mut shown = format!("==> {} <==\n{}", target.display(), c.text);
        if !shown.ends_with('\n') {
            shown.push('\n');
        }
        return Ok(shown);
    }
    if target.exists() && !o.force {
        return Err((
            1,
            format!(
                "not written: {} already exists (--force replaces it)",
                target.display()
            ),
        ));
    }
    if let Some(folder) = target.parent() {
        std::fs::create_dir_all(folder)
            .map_err(|e| (2, format!("cannot make {}: {e}", folder.display())))?;
    }
    std::fs::write(&target, &c.text)
        .map_err(|e| (2, format!("cannot write {}: {e}", target.display())))?;
    let lost = match c.lost.len() {
        0 => String::new(),
        1 => " (1 thing not carried over, listed in its front matter)".into(),
        n => format!(" ({n} things not carried over, listed in its front matter)"),
    };
    Ok(format!("wrote {}{lost}\n", target.display()))
}
