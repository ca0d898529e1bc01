// Every backbone kind builds, runs forward + backward at awkward sides, restores snapshots
// exactly, initialises deterministically from the seed, and refuses bad kinds and options.
#include "common/error.h"
#include "models/backbone.h"
#include "models/conv_vae.h"

#include <QTest>

#include <fstream>
#include <string>
#include <vector>

using namespace dm;

namespace {

const std::vector<std::string> kKinds = {"linear",     "mlp",        "cnn_small",  "cnn",     "resnet18",
                                         "resnet18_s", "resnet34_s", "resnet50_s", "vit_cct", "conv_vae"};

std::unique_ptr<Backbone> build(const std::string& kind, int64_t side, uint64_t seed = 0, int64_t classes = 3) {
    torch::manual_seed(seed);
    BackboneSpec spec;
    spec.kind = kind;
    return buildBackbone(spec, classes, side);
}

bool sameTensors(const std::vector<torch::Tensor>& a, const std::vector<torch::Tensor>& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (!a[i].sizes().equals(b[i].sizes()) || !torch::equal(a[i], b[i])) return false;
    return true;
}

std::string messageOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const ConfigError& e) {
        return std::string("ConfigError: ") + e.what();
    } catch (const InputError& e) {
        return std::string("InputError: ") + e.what();
    }
    return "no exception";
}

// One optimizer step on a cross-entropy loss, in training mode.
void trainStep(Backbone& m, int64_t side) {
    m.train(true);
    torch::optim::Adam opt(m.parameters(), torch::optim::AdamOptions(1e-2));
    const auto x = torch::randn({4, 1, side, side});
    const auto y = torch::tensor({0, 1, 2, 1}, torch::kLong);
    opt.zero_grad();
    torch::nn::functional::cross_entropy(m.forward(x), y).backward();
    opt.step();
}

}  // namespace

class TestBackbones : public QObject {
    Q_OBJECT
private slots:
    void everyKindRunsForwardAndBackward() {
        for (const auto& kind : kKinds) {
            for (int64_t side : {4, 8, 17, 32}) {
                const std::string what = kind + " at side " + std::to_string(side);
                auto m = build(kind, side);
                m->train(true);
                const auto x = torch::randn({2, 1, side, side});
                const auto out = m->forward(x);
                QVERIFY2(out.sizes().equals({2, 3}), what.c_str());
                QVERIFY2(torch::isfinite(out).all().item<bool>(), what.c_str());
                torch::nn::functional::cross_entropy(out, torch::tensor({0, 2}, torch::kLong)).backward();
                int64_t withGrad = 0;
                for (const auto& p : m->parameters()) withGrad += p.grad().defined() ? 1 : 0;
                // The VAE's decoder and log-variance layers are not on the supervised path.
                if (kind == "conv_vae")
                    QVERIFY2(withGrad > 0, what.c_str());
                else
                    QVERIFY2(withGrad == int64_t(m->parameters().size()), what.c_str());
                m->train(false);
                QVERIFY2(!m->isTraining(), what.c_str());
                QVERIFY2(m->forward(x).sizes().equals({2, 3}), what.c_str());
            }
        }
    }

    void snapshotRestoresExactWeightsAfterAStep() {
        for (const auto& kind : kKinds) {
            auto m = build(kind, 12);
            const auto snap = m->snapshot();
            trainStep(*m, 12);
            QVERIFY2(!sameTensors(snap, m->snapshot()), kind.c_str());  // the step changed something
            m->restore(snap);
            QVERIFY2(sameTensors(snap, m->snapshot()), kind.c_str());
        }
    }

    void snapshotIsACopy() {
        auto m = build("cnn", 10);
        const auto snap = m->snapshot();
        const auto before = snap[0].clone();
        trainStep(*m, 10);
        QVERIFY(torch::equal(snap[0], before));
    }

    void sameSeedSameWeights() {
        for (const auto& kind : kKinds) {
            const auto a = build(kind, 9, 42)->snapshot();
            const auto b = build(kind, 9, 42)->snapshot();
            const auto c = build(kind, 9, 43)->snapshot();
            QVERIFY2(sameTensors(a, b), kind.c_str());
            QVERIFY2(!sameTensors(a, c), kind.c_str());
        }
    }

    void unknownKindListsValidOnes() {
        const auto msg = messageOf([] { build("cnn_smal", 8); });
        QVERIFY2(msg.rfind("ConfigError", 0) == 0, msg.c_str());
        for (const auto& kind : kKinds) QVERIFY2(msg.find(kind) != std::string::npos, msg.c_str());
        QVERIFY2(msg.find("torchscript:") != std::string::npos, msg.c_str());
    }

    void registryCoversEveryKind() {
        const auto reg = backboneRegistry();
        for (const auto& kind : kKinds) {
            auto it = std::find_if(reg.begin(), reg.end(), [&](const BackboneInfo& i) { return i.kind == kind; });
            QVERIFY2(it != reg.end(), kind.c_str());
            QVERIFY(!it->description.empty());
            const bool rollout = std::find(it->attributionMethods.begin(), it->attributionMethods.end(),
                                           "attention_rollout") != it->attributionMethods.end();
            QCOMPARE(rollout, kind == "vit_cct");
        }
    }

    void extraOptionsAreCheckedAndUsed() {
        BackboneSpec spec;
        spec.kind = "cnn_small";
        spec.extra = {{"widht", 8}};
        auto msg = messageOf([&] { buildBackbone(spec, 3, 8); });
        QVERIFY2(msg.find("widht") != std::string::npos && msg.find("width") != std::string::npos, msg.c_str());
        spec.extra = {{"width", -1}};
        msg = messageOf([&] { buildBackbone(spec, 3, 8); });
        QVERIFY2(msg.rfind("ConfigError", 0) == 0, msg.c_str());
        spec.extra = {{"width", 8}};
        torch::manual_seed(0);
        auto narrow = buildBackbone(spec, 3, 8);
        QCOMPARE(narrow->parameters()[0].size(0), int64_t(8));
        spec.kind = "vit_cct";
        spec.extra = {{"dim", 30}, {"heads", 4}};
        msg = messageOf([&] { buildBackbone(spec, 3, 8); });
        QVERIFY2(msg.find("divisible") != std::string::npos, msg.c_str());
    }

    void tooSmallSideOrClassesRefused() {
        QVERIFY_THROWS_EXCEPTION(ConfigError, build("cnn_small", 3));
        QVERIFY_THROWS_EXCEPTION(ConfigError, build("cnn_small", 8, 0, 1));
    }

    void attentionRolloutIsANonNegativeMap() {
        for (int64_t side : {8, 17, 40}) {
            auto m = build("vit_cct", side);
            QVERIFY(m->hasAttention());
            m->train(true);
            const auto map = m->attentionRollout(torch::rand({3, 1, side, side}));
            QVERIFY(m->isTraining());  // mode restored
            QVERIFY(map.sizes().equals({3, side * side}));
            QVERIFY(map.min().item<float>() >= 0.0f);
            QVERIFY(torch::isfinite(map).all().item<bool>());
            QVERIFY(map.sum().item<float>() > 0.0f);
        }
        QVERIFY(!build("cnn_small", 8)->hasAttention());
    }

    void convVaeExposesTheUnsupervisedPath() {
        for (int64_t side : {5, 17, 64}) {
            auto m = build("conv_vae", side);
            QVERIFY(m->hasLatent());
            auto* vaeBackbone = dynamic_cast<ConvVaeBackbone*>(m.get());
            QVERIFY(vaeBackbone != nullptr);
            auto& vae = vaeBackbone->vae();
            const auto x = torch::rand({2, 1, side, side});
            QVERIFY(m->latentMean(x).sizes().equals({2, 16}));
            QVERIFY(vae->reconstruct(x).sizes().equals({2, 1, side, side}));
            QVERIFY(vae->decode(torch::zeros({3, 16})).sizes().equals({3, 1, side, side}));
            vae->train(true);
            const auto out = vae->forwardVae(x);
            const auto loss = ConvVaeImpl::elboLoss(x, out, 1.0);
            QVERIFY(std::isfinite(loss.item<double>()));
            loss.backward();
        }
    }

    // A pseudo-image pixel is a gene: the cnn head flattens an average-pooled grid of at
    // most 8x8 (not a global average), so the classifier sees where activity is.
    void cnnHeadKeepsAPositionGrid() {
        // side 32 -> 16 -> 8 -> 4 -> 2 after four blocks: a 2x2 grid; side 200 -> 12: capped at 8.
        for (const auto& [side, grid] : std::vector<std::pair<int64_t, int64_t>>{{32, 2}, {200, 8}, {4, 1}}) {
            const auto params = build("cnn", side)->parameters();
            const auto& fcWeight = params[params.size() - 2];
            QCOMPARE(fcWeight.size(1), 256 * grid * grid);
        }
        BackboneSpec spec;
        spec.kind = "cnn";
        spec.extra = {{"grid", 1}};  // the classic position-blind global average
        torch::manual_seed(0);
        const auto params = buildBackbone(spec, 3, 64)->parameters();
        QCOMPARE(params[params.size() - 2].size(1), int64_t(256));
    }

    // The VAE's latent reads a flattened grid (<= 8x8) of the encoder map, and its decoder
    // starts from the same grid, so the embedding keeps gene positions.
    void convVaeLatentKeepsAPositionGrid() {
        // side 71 -> 36 -> 18: grid capped at 8; side 9 -> 5 -> 3: grid 3.
        for (const auto& [side, grid] : std::vector<std::pair<int64_t, int64_t>>{{71, 8}, {9, 3}}) {
            auto m = build("conv_vae", side);
            auto& vae = dynamic_cast<ConvVaeBackbone&>(*m).vae();
            const auto named = vae->named_parameters();
            QCOMPARE(named["fc_mu.weight"].size(1), 64 * grid * grid);
            QCOMPARE(named["fc_dec.weight"].size(0), 64 * grid * grid);
        }
    }

    void imgSizeResizesTheInput() {
        torch::manual_seed(0);
        BackboneSpec spec;
        spec.kind = "vit_cct";
        spec.imgSize = 16;
        auto m = buildBackbone(spec, 3, 10);
        QVERIFY(m->forward(torch::rand({2, 1, 10, 10})).sizes().equals({2, 3}));
        QVERIFY(m->attentionRollout(torch::rand({2, 1, 10, 10})).sizes().equals({2, 100}));
    }

    void torchScriptFileErrorsAreInputErrors() {
        auto msg = messageOf([] { build("torchscript:/nonexistent/model.pt", 8); });
        QVERIFY2(msg.rfind("InputError", 0) == 0 && msg.find("/nonexistent/model.pt") != std::string::npos,
                 msg.c_str());
        const std::string junk = QDir::temp().filePath("dm_not_a_model.pt").toStdString();
        std::ofstream(junk) << "not a zip archive";
        msg = messageOf([&] { build("torchscript:" + junk, 8); });
        QVERIFY2(msg.rfind("InputError", 0) == 0 && msg.find("torch.jit") != std::string::npos, msg.c_str());
        std::remove(junk.c_str());
    }
};

QTEST_GUILESS_MAIN(TestBackbones)
#include "test_backbones.moc"
