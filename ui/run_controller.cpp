#include "run_controller.h"

#include "common/error.h"
#include "engine/runtime.h"

#include <QThread>

namespace dm::ui {

void registerMetaTypes() {
    qRegisterMetaType<dm::EpochEvent>();
    qRegisterMetaType<PassSnapshotPtr>();
    qRegisterMetaType<FindingsPtr>();
    qRegisterMetaType<PreparedInputPtr>();
    qRegisterMetaType<DatasetPtr>();
    qRegisterMetaType<EvaluationPtr>();
}

// Runs on the worker: copies what the event points at (valid only during the callback)
// and hands it to the GUI thread.
class RunController::Observer : public RunObserver {
public:
    explicit Observer(RunController* owner) : owner_(owner) {}
    void passStarted(int tryIndex, uint64_t seed) override {
        owner_->post([o = owner_, tryIndex, seed] { emit o->passStarted(tryIndex, seed); });
    }
    void epochFinished(const EpochEvent& e) override {
        owner_->post([o = owner_, e] { emit o->epochFinished(e); });
    }
    void passFinished(const PassEvent& e) override {
        auto snap = std::make_shared<PassSnapshot>();
        if (e.record) snap->record = *e.record;
        snap->side = e.side;
        if (e.permutation) snap->permutation = *e.permutation;
        if (e.pixelMap) snap->pixelMap = *e.pixelMap;
        snap->accepted = e.accepted;
        snap->tries = e.tries;
        PassSnapshotPtr shared = std::move(snap);
        owner_->post([o = owner_, shared] { emit o->passFinished(shared); });
    }
    void message(const std::string& text) override {
        owner_->post([o = owner_, t = QString::fromStdString(text)] { emit o->message(t); });
    }

private:
    RunController* owner_;
};

RunController::RunController(QObject* parent) : QObject(parent) { registerMetaTypes(); }

RunController::~RunController() {
    if (!thread_) return;
    cancel_->cancel();
    thread_->wait();  // bounded by one batch: the runner polls the token between batches
    delete thread_;
}

bool RunController::start(PrepareFn prepare, const RunConfig& config) { return launch(std::move(prepare), config, false); }

bool RunController::startEvaluation(PrepareFn prepare, const RunConfig& config) {
    return launch(std::move(prepare), config, true);
}

bool RunController::launch(PrepareFn prepare, const RunConfig& config, bool evaluate) {
    if (thread_) return false;
    config_ = config;
    evaluating_ = evaluate;
    cancel_ = std::make_shared<CancelToken>();
    thread_ = QThread::create([this, prepare = std::move(prepare), config, evaluate] { work(prepare, config, evaluate); });
    thread_->setObjectName("deepmapper-run");
    connect(thread_, &QThread::finished, this, &RunController::onThreadFinished, Qt::QueuedConnection);
    clock_.start();
    thread_->start();
    emit started();
    return true;
}

bool RunController::stopRequested() const { return cancel_ && cancel_->cancelled(); }

void RunController::stop() {
    if (thread_ && cancel_) cancel_->cancel();
}

// Queued onto the GUI thread; dropped if the controller is gone by then.
void RunController::post(std::function<void()> emitter) {
    QMetaObject::invokeMethod(this, std::move(emitter), Qt::QueuedConnection);
}

void RunController::work(PrepareFn prepare, RunConfig config, bool evaluate) {
    try {
        configureRuntime(config.threads);
        PreparedInputPtr input = prepare();
        post([this, input] { emit inputReady(input); });
        Observer observer(this);
        if (evaluate) {
            auto result = std::make_shared<const EvaluationResult>(
                evaluateEnsemble(input->input, config, &observer, cancel_.get()));
            post([this, result] { emit evaluationFinished(result); });
            return;
        }
        auto findings = std::make_shared<const Findings>(runDeepMapper(input->input, config, &observer, cancel_.get()));
        post([this, findings] { emit runFinished(findings); });
    } catch (const Cancelled&) {
        post([this] { emit failed(tr("The run was stopped before any pass finished.")); });
    } catch (const std::bad_alloc&) {
        post([this] {
            emit failed(tr("The run ran out of memory. Try a smaller batch size, fewer attribution samples, "
                           "or a per-class cap on cells."));
        });
    } catch (const std::exception& e) {
        post([this, m = QString::fromStdString(e.what())] { emit failed(m); });
    }
}

void RunController::onThreadFinished() {
    if (!thread_) return;
    thread_->deleteLater();
    thread_ = nullptr;
    emit finished();
}

}  // namespace dm::ui
