#pragma once
// Unsupervised embedding of the pseudo-images: the convolutional VAE (or plain
// autoencoder) trained without labels on every gene, its latent means as the cell
// embedding, and the k-means + adjusted-Rand comparison against a label column and against
// the standard PCA pipeline. Torch-free header; the GUI and the CLI include it.
#include "analysis/clustering_score.h"
#include "common/cancel_token.h"
#include "data/csr_matrix.h"

#include <Eigen/Dense>

#include <cstdint>
#include <string>
#include <vector>

namespace dm {

class RunObserver;

struct EmbeddingOptions {
    // "vae": reconstruction (summed squared error per cell) + beta * KL, the latent sampled
    //        by reparameterisation while training; the KL weight rises linearly from 0 to
    //        beta over the first half of the epochs (annealing, against posterior collapse);
    // "ae":  deterministic autoencoder, the decoder reads the latent mean, no KL.
    std::string mode = "vae";
    int latent = 16;       // latent dimension (the PCA comparison uses as many components)
    int width = 32;        // channels of the first conv (conv_vae's "width")
    int epochs = 30;
    int batchSize = 64;
    double lr = 1e-3;
    double beta = 1.0;
    uint64_t seed = 0;     // arrangement (seeded permutation), initial weights, batch order
    int threads = 0;       // 0: one per core
    std::string device = "cpu";
    // Numbers in one slice's first activation (cells x side^2 x width). A batch is run as
    // slices with its gradient accumulated, the same step, so that no single library call
    // outlasts a stop (one conv over 64 cells of 20,000 genes took 1.2 s); tests lower it.
    int64_t sliceValues = 8 << 20;

    // Throws ConfigError naming the field, its value and the allowed range.
    void validate() const;
};

struct EmbeddingResult {
    Eigen::MatrixXd latent;                  // cells x latent: the encoder's mean per cell
    std::vector<double> loss, reconstruction, kl;  // per epoch, mean per cell
    int64_t side = 0;                        // pseudo-image side
};

// Trains the ConvVae on X's pseudo-images (arrangement from options.seed) and returns
// the latent means of every cell. Reports epochs through observer->epochFinished (loss in
// trainLoss, the KL term in valLoss); throws dm::Cancelled when cancel is set (checked
// between batches), InputError for an empty matrix.
EmbeddingResult embedCells(const CsrMatrix& X, const EmbeddingOptions& options, RunObserver* observer = nullptr,
                           const CancelToken* cancel = nullptr);

}  // namespace dm
