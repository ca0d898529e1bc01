#include "analysis/embedding_pca.h"

#include "analysis/pca.h"
#include "common/error.h"
#include "data/preprocess.h"

#include <algorithm>

namespace dm {

Embedding computePcaEmbedding(const CsrMatrix& X, bool normalize, int components, uint64_t seed) {
    if (X.rows < 2 || X.cols < 2)
        throw InputError("a PCA needs at least 2 cells and 2 genes; this matrix is " + std::to_string(X.rows) + " x " +
                         std::to_string(X.cols));
    PcaOptions o;
    o.components = static_cast<int>(std::min<int64_t>(components, std::min(X.rows, X.cols)));
    o.seed = seed;
    PcaResult r;
    if (normalize) {
        CsrMatrix copy = X;  // sparse: the stored values only
        normalizeTotalLog1p(copy);
        r = pca(copy, o);
    } else {
        r = pca(X, o);
    }
    Embedding e;
    e.name = "PCA";
    e.origin = "computed";
    e.rows = r.scores.rows();
    e.cols = r.scores.cols();
    e.values.resize(static_cast<size_t>(e.rows * e.cols));
    for (int64_t i = 0; i < e.rows; ++i)
        for (int64_t j = 0; j < e.cols; ++j) e.values[static_cast<size_t>(i * e.cols + j)] = static_cast<float>(r.scores(i, j));
    return e;
}

Embedding embeddingFromRows(const std::string& name, const std::string& origin, int64_t rows, int64_t cols,
                            const double* rowMajor) {
    Embedding e;
    e.name = name;
    e.origin = origin;
    e.rows = rows;
    e.cols = cols;
    e.values.assign(rowMajor, rowMajor + rows * cols);
    return e;
}

}  // namespace dm
