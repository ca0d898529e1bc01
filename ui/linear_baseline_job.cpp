#include "linear_baseline_job.h"

#include "analysis/linear_baseline.h"
#include "background_job.h"
#include "common/error.h"
#include "common/interrupt.h"

namespace dm::ui {

LinearBaselineJob::LinearBaselineJob(QObject* parent) : QObject(parent) {
    job_ = new BackgroundJob("deepmapper-baseline", this);
    connect(job_, &BackgroundJob::finished, this, &LinearBaselineJob::finished);
}

LinearBaselineJob::~LinearBaselineJob() {
    job_->cancel();
    job_->join();
}

bool LinearBaselineJob::running() const { return job_->running(); }

void LinearBaselineJob::cancel() { job_->cancel(); }

bool LinearBaselineJob::start(const PreparedInputPtr& input) {
    if (!input) return false;
    return job_->start([this, input](const CancelToken& cancel) {
        try {
            const InterruptScope interrupt([&cancel] { return cancel.cancelled(); });
            LinearBaselineResult fit = fitLinearBaseline(input->data.X, input->y, input->classes, input->data.geneNames);
            job_->post([this, importance = std::move(fit.importance)]() mutable {
                if (!job_->cancelRequested()) emit fitted(std::move(importance));
            });
        } catch (const Cancelled&) {
        } catch (const std::bad_alloc&) {
            job_->post([this] { emit failed(tr("Not enough memory for the linear baseline on this input.")); });
        } catch (const std::exception& e) {
            job_->post([this, m = QString::fromStdString(e.what())] { emit failed(m); });
        }
    });
}

}  // namespace dm::ui
