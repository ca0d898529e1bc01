#pragma once
// What a path handed to the app (command line, drag and drop, recent files, File > Open)
// is: a saved run to reopen without retraining, a dataset to load, or neither. Decided by
// extension first, then by the file's first bytes, so a renamed file still opens.
#include <QString>

namespace dm::ui {

enum class OpenKind { Run, Dataset, Unsupported };

struct OpenTarget {
    OpenKind kind = OpenKind::Unsupported;
    QString path;     // absolute, local (a file:// URL becomes a path)
    QString problem;  // Unsupported: what is wrong and what to do, for a dialog
};

OpenTarget classifyOpenPath(const QString& pathOrUrl);

// Saved runs use this extension (MIME type application/x-deepmapper-run, packaging/).
inline constexpr const char* kRunSuffix = "dmrun";

}  // namespace dm::ui
