#include "engine/chord_selectors.h"

#include "analysis/gate_description.h"
#include "common/error.h"
#include "engine/runner.h"

namespace dm {

namespace {

// Names the gate that refused every pass, so the fix offered fits it.
std::string noPassMessage(const RunConfig& c, uint64_t seed) {
    return "chord test: no DeepMapper pass met the gate (" + describeGate(gateRuleOf(c)) +
           ") on the training cells of split seed " + std::to_string(seed) +
           "; train longer (epochs), allow more tries (max tries), or use the floor gate to keep weak passes";
}

}  // namespace

GeneSelector deepMapperSelector(const RunConfig& config, RunObserver* observer, const CancelToken* cancel) {
    return {"deepmapper", [config, observer, cancel](const CsrMatrix& X, const std::vector<int64_t>& y, int64_t k,
                                                     uint64_t seed) {
                RunInput input;
                input.X = &X;
                input.y = y;
                input.classes = {"other", "positive"};
                for (int64_t g = 0; g < X.cols; ++g) input.featureNames.push_back("gene" + std::to_string(g));
                RunConfig c = config;
                c.seed = config.seed + 1000 * seed;
                const Findings f = runDeepMapper(input, c, observer, cancel);
                if (cancel && cancel->cancelled()) throw Cancelled();
                if (f.accepted == 0) throw Error(noPassMessage(c, seed));
                std::vector<int64_t> top;
                for (const RankedFeature& g : f.ranking(static_cast<size_t>(k))) top.push_back(g.feature);
                return top;
            }};
}

}  // namespace dm
