#include "run_controller.h"

#include "background_job.h"
#include "common/error.h"
#include "common/interrupt.h"
#include "engine/runtime.h"


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

RunController::RunController(QObject* parent) : QObject(parent) {
    registerMetaTypes();
    job_ = new BackgroundJob("deepmapper-run", this);
    connect(job_, &BackgroundJob::finished, this, &RunController::finished);
}

RunController::~RunController() {
    // Before the members the worker reads go: bounded by one batch (the runner polls the token).
    job_->cancel();
    job_->join();
}

bool RunController::start(PrepareFn prepare, const RunConfig& config) { return launch(std::move(prepare), config, false); }

bool RunController::startEvaluation(PrepareFn prepare, const RunConfig& config) {
    return launch(std::move(prepare), config, true);
}

bool RunController::running() const { return job_->running(); }

bool RunController::launch(PrepareFn prepare, const RunConfig& config, bool evaluate) {
    if (job_->running()) return false;
    config_ = config;
    evaluating_ = evaluate;
    clock_.start();
    job_->start([this, prepare = std::move(prepare), config, evaluate](const CancelToken& cancel) {
        work(prepare, config, evaluate, cancel);
    });
    emit started();
    return true;
}

bool RunController::stopRequested() const { return job_->cancelRequested(); }

void RunController::stop() {
    if (!job_->running() || job_->cancelRequested()) return;
    job_->cancel();
    emit stopping();
}

// Queued onto the GUI thread; dropped if the controller is gone by then.
void RunController::post(std::function<void()> emitter) { job_->post(std::move(emitter)); }

void RunController::work(const PrepareFn& prepare, const RunConfig& config, bool evaluate, const CancelToken& cancel) {
    try {
        configureRuntime(config.threads);
        const InterruptScope interrupt([&cancel] { return cancel.cancelled(); });
        PreparedInputPtr input = prepare();
        post([this, input] { emit inputReady(input); });
        Observer observer(this);
        if (evaluate) {
            auto result = std::make_shared<const EvaluationResult>(evaluateEnsemble(input->input, config, &observer, &cancel));
            post([this, result] { emit evaluationFinished(result); });
            return;
        }
        auto findings = std::make_shared<const Findings>(runDeepMapper(input->input, config, &observer, &cancel));
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

}  // namespace dm::ui
