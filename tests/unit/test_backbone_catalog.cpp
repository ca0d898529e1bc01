// The backbone catalog is the one list of kinds: every kind builds, nothing else does,
// and the run configuration refuses unknown kinds and unsupported attribution methods
// before any data is read.
#include "common/error.h"
#include "engine/run_config.h"
#include "models/backbone.h"
#include "models/backbone_catalog.h"

#include <QTest>

#include <string>

using namespace dm;

namespace {

std::string configErrorOf(const RunConfig& c) {
    try {
        c.validate();
    } catch (const ConfigError& e) {
        return e.what();
    }
    return {};
}

}  // namespace

class TestBackboneCatalog : public QObject {
    Q_OBJECT
private slots:
    void defaultFirstAndEveryEntryDescribed() {
        const auto& catalog = backboneCatalog();
        QVERIFY(catalog.size() >= 10);
        QCOMPARE(catalog.front().kind, RunConfig{}.backbone.kind);  // the default leads the list
        for (const BackboneInfo& info : catalog) {
            QVERIFY2(!info.description.empty(), info.kind.c_str());
            QVERIFY2(!info.attributionMethods.empty(), info.kind.c_str());
        }
        QCOMPARE(backboneRegistry().size(), catalog.size());
    }

    void knownKinds() {
        for (const char* kind : {"cnn_small", "cnn", "linear", "mlp", "resnet18", "vit_cct", "conv_vae"})
            QVERIFY2(isKnownBackbone(kind), kind);
        QVERIFY(isKnownBackbone("torchscript:/models/net.pt"));
        QVERIFY(!isKnownBackbone("torchscript:"));  // a file is required
        QVERIFY(!isKnownBackbone("transformerxl"));
        QVERIFY(!isKnownBackbone("CNN_SMALL"));
        QVERIFY(!isKnownBackbone(""));
        QVERIFY(findBackbone("nope") == nullptr);
        QCOMPARE(findBackbone("torchscript:a.pt")->kind, std::string("torchscript:<file>"));
    }

    void attributionMethodsPerKind() {
        QVERIFY(supportsAttribution("vit_cct", "attention_rollout"));
        QVERIFY(!supportsAttribution("cnn_small", "attention_rollout"));
        QVERIFY(supportsAttribution("cnn_small", "integrated_gradients"));
        QVERIFY(supportsAttribution("torchscript:x.pt", "saliency"));
        QVERIFY(!supportsAttribution("transformerxl", "saliency"));
    }

    // No second list to drift: every catalog kind builds (torchscript needs a file).
    void everyCatalogKindBuilds() {
        for (const BackboneInfo& info : backboneCatalog()) {
            if (info.kind.rfind("torchscript:", 0) == 0) continue;
            BackboneSpec spec;
            spec.kind = info.kind;
            torch::manual_seed(1);
            auto model = buildBackbone(spec, 3, 8);
            QVERIFY2(model != nullptr, info.kind.c_str());
            const auto logits = model->forward(torch::zeros({2, 1, 8, 8}));
            QVERIFY2(logits.size(1) == 3, info.kind.c_str());
        }
    }

    void validationRefusesUnknownKindListingValidOnes() {
        RunConfig c;
        c.backbone.kind = "transformerxl";
        const std::string msg = configErrorOf(c);
        QVERIFY2(msg.find("transformerxl") != std::string::npos, msg.c_str());
        QVERIFY2(msg.find("backbone.kind") != std::string::npos, msg.c_str());
        for (const BackboneInfo& info : backboneCatalog()) QVERIFY2(msg.find(info.kind) != std::string::npos, msg.c_str());
        c.backbone.kind = "vit_cct";
        QVERIFY(configErrorOf(c).empty());
    }

    void validationRefusesUnsupportedAttribution() {
        RunConfig c;
        c.attribution.method = "attention_rollout";
        const std::string msg = configErrorOf(c);
        QVERIFY2(msg.find("attention_rollout") != std::string::npos && msg.find("vit_cct") != std::string::npos,
                 msg.c_str());
        c.backbone.kind = "vit_cct";
        QVERIFY(configErrorOf(c).empty());
    }
};

QTEST_GUILESS_MAIN(TestBackboneCatalog)
#include "test_backbone_catalog.moc"
