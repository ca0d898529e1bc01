#pragma once
// The embedding offered when a file brings none in obsm: a truncated PCA of the
// normalized matrix (normalize_total + log1p first when X holds raw counts), computed by
// analysis/pca (sparse, implicitly centred, randomized above 2,000 genes; never a dense
// copy of the cells x genes matrix).
#include "data/dataset.h"

namespace dm {

// `components` is capped at min(cells, genes). The result is named "PCA" with origin
// "computed". Throws InputError for an empty matrix.
Embedding computePcaEmbedding(const CsrMatrix& X, bool normalize, int components = 16, uint64_t seed = 0);

// The same from a latent matrix computed elsewhere (the VAE's means): rows x cols, row-major.
Embedding embeddingFromRows(const std::string& name, const std::string& origin, int64_t rows, int64_t cols,
                            const double* rowMajor);

}  // namespace dm
