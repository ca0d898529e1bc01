#pragma once
// Tiny planted data as the engine's tests use it: the synthetic generator's dataset, put on
// the scale the engine sees in practice, with its labels as a RunInput. The RunInput points
// into the dataset, so the two travel together (the move re-points it).
#include "data/dataset.h"
#include "data/preprocess.h"
#include "data/run_input.h"
#include "data/synthetic.h"

#include <cmath>
#include <utility>

namespace dm::test {

struct TinyInput {
    SyntheticData data;
    RunInput input;

    TinyInput() = default;
    TinyInput(TinyInput&& o) noexcept : data(std::move(o.data)), input(std::move(o.input)) {
        input.X = &data.dataset.X;
    }
    TinyInput(const TinyInput&) = delete;
    TinyInput& operator=(const TinyInput&) = delete;
    TinyInput& operator=(TinyInput&&) = delete;
};

// log1p: the counts as they are, log1p'd. normalizeTotal: counts per 1e4, then log1p.
enum class TinyScale { log1p, normalizeTotal };

inline TinyInput tinyInput(const SyntheticSpec& spec, TinyScale scale = TinyScale::log1p) {
    TinyInput t;
    t.data = generateSynthetic(spec);
    if (scale == TinyScale::log1p)
        for (float& v : t.data.dataset.X.values) v = std::log1p(v);
    else
        normalizeTotalLog1p(t.data.dataset.X);
    const Labels labels = labelsFromColumn(t.data.dataset, kSyntheticLabelColumn);
    t.input.X = &t.data.dataset.X;
    t.input.y = labels.y;
    t.input.classes = labels.classes;
    t.input.featureNames = t.data.dataset.geneNames;
    return t;
}

}  // namespace dm::test
