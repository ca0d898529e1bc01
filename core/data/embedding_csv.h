#pragma once
// The coordinates `deepmapper embed` writes (embedding.csv: cell, label, vae_cluster,
// pca_cluster, z1.., pc1..) read back as embeddings of a loaded dataset, so the Cells view
// can show the VAE latent and the PCA that run computed. Rows are matched to the dataset's
// cells by name; cells the embedding did not see (a subsample, unlabelled cells) get NaN
// (no coordinate) and are not drawn.
#include "data/embedding.h"

#include <string>
#include <vector>

namespace dm {

// `path` is embedding.csv or the folder `deepmapper embed --out` wrote it into. Returns
// "VAE latent (embed)" from the z* columns and "PCA (embed)" from the pc* columns (those
// present), origin "run". Throws InputError naming the problem and the fix for a file that
// is not an embed output, holds non-numbers, or shares no cell with `cellNames`.
std::vector<Embedding> readEmbedOutput(const std::string& path, const std::vector<std::string>& cellNames);

}  // namespace dm
