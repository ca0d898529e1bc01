#include "run_document.h"

#include "common/error.h"
#include "engine/runtime.h"
#include "exports.h"
#include "report/annotated_h5ad.h"

#include <QFileInfo>

namespace dm::ui {

RunDocument::RunDocument(QObject* parent) : QObject(parent) { registerMetaTypes(); }

void RunDocument::setDataset(const DatasetPtr& dataset, const QString& path, const QStringList& matrices) {
    dataset_ = dataset;
    datasetPath_ = path;
    matrices_ = matrices;
    emit datasetChanged(dataset_);
    emit titleChanged();
}

bool RunDocument::rankingMatchesDataset() const {
    return hasRanking() && dataset_ && dataset_->geneNames == findings_->featureNames;
}

void RunDocument::setModified(bool on) {
    if (modified_ == on) return;
    modified_ = on;
    emit modifiedChanged(on);
    emit titleChanged();
}

QString RunDocument::displayName() const {
    QString name = tr("no dataset");
    // The results' dataset first: a reopened run may come from another file than the one loaded.
    if (findings_ && !summary_.source.empty())
        name = QFileInfo(QString::fromStdString(summary_.source)).fileName();
    else if (dataset_)
        name = QFileInfo(QString::fromStdString(dataset_->source)).fileName();
    if (findings_ && findings_->partial) name += tr(" (partial result)");
    return name;
}

// ---------------------------------------------------------------- a live run

void RunDocument::resetResults(const RunConfig& config, std::vector<std::string> names, std::vector<std::string> ids) {
    config_ = config;
    featureNames_ = std::move(names);
    featureIds_ = std::move(ids);
    records_.clear();
    findings_.reset();
    linearImportance_.clear();
    input_.reset();
    evaluation_.reset();
    runSeconds_ = 0;
    emit resultsReset(config_, featureNames_);
    emit inputChanged(nullptr);
    emit findingsChanged(nullptr);
    emit linearImportanceChanged(linearImportance_);
    emit evaluationChanged(nullptr);
}

void RunDocument::beginRun(const RunConfig& config) {
    if (!dataset_) throw InputError("No dataset is open: open one with File > Open.");
    summary_ = DatasetSummary{};
    startedAt_ = utcTimestamp();
    resetResults(config, dataset_->geneNames, dataset_->geneIds);
    emit titleChanged();
}

void RunDocument::setInput(const PreparedInputPtr& input) {
    input_ = input;
    summary_ = DatasetSummary{};
    if (input) summary_ = input->summary;  // core's prepareInput: the same record as the CLI's
    emit inputChanged(input_);
}

void RunDocument::addPass(const PassSnapshotPtr& pass) {
    records_.push_back(pass->record);
    emit passAdded(pass);
    if (pass->record.accepted) {  // the ranking so far: the same pure accumulation the engine uses
        const RunConfig& c = config_;
        Findings f = accumulateFindings(records_, c.autoPasses.enabled ? c.autoPasses.maxPasses : c.passes,
                                        gateRuleOf(c),
                                        c.autoPasses.enabled ? 3 * c.autoPasses.maxPasses : c.effectiveMaxTries(),
                                        c.topK, featureNames_, featureIds_, c.rankingOrder);
        if (input_) f.meanExpression = input_->meanExpression;  // the final findings carry it too
        setFindings(std::make_shared<const Findings>(std::move(f)));
    }
}

void RunDocument::finishRun(const FindingsPtr& findings, double seconds) {
    runSeconds_ = seconds;
    setFindings(findings);
    setModified(findings && findings->accepted > 0);
    emit titleChanged();
}

void RunDocument::setFindings(const FindingsPtr& findings) {
    findings_ = findings;
    emit findingsChanged(findings_);
}

void RunDocument::setLinearImportance(std::vector<double> importance) {
    linearImportance_ = std::move(importance);
    emit linearImportanceChanged(linearImportance_);
    if (hasRanking() && !linearImportance_.empty()) setModified(true);
}

void RunDocument::setEvaluation(const EvaluationPtr& evaluation) {
    evaluation_ = evaluation;
    emit evaluationChanged(evaluation_);
}

// ---------------------------------------------------------------- persistence

RunRecord RunDocument::record() const {
    RunRecord r;
    r.config = config_;
    r.runtime = runtimeInfo();
    r.dataset = summary_;
    if (findings_) r.findings = *findings_;
    r.timings.runSeconds = runSeconds_;
    r.linearImportance = linearImportance_;
    r.startedAt = startedAt_;
    r.finishedAt = utcTimestamp();
    r.command = "deepmapper-studio";
    return r;
}

void RunDocument::save(const QString& path) {
    if (!findings_) throw InputError("There is no result to save yet: run first.");
    writeRunJson(record(), path.toStdString());
    fileName_ = path;
    setModified(false);
}

void RunDocument::open(const QString& path) {
    RunRecord rec = loadRunRecord(path.toStdString());  // throws before anything changes
    summary_ = rec.dataset;
    startedAt_ = rec.startedAt;
    resetResults(rec.config, rec.findings.featureNames, rec.findings.featureIds);
    runSeconds_ = rec.timings.runSeconds;
    // The saved passes replayed as a live run delivers them (without pixel maps: the
    // attribution view rebuilds them from the saved importances).
    int accepted = 0;
    for (size_t i = 0; i < rec.findings.passes.size(); ++i) {
        auto snap = std::make_shared<PassSnapshot>();
        snap->record = rec.findings.passes[i];
        accepted += snap->record.accepted;
        snap->accepted = accepted;
        snap->tries = int(i + 1);
        records_.push_back(snap->record);
        emit passAdded(snap);
    }
    setFindings(std::make_shared<const Findings>(std::move(rec.findings)));
    setLinearImportance(std::move(rec.linearImportance));
    fileName_ = path;
    modified_ = false;  // the baseline replayed above is not a change
    emit modifiedChanged(false);
    emit titleChanged();
}

void RunDocument::exportRanking(const QString& path) const {
    if (!hasRanking()) throw InputError("There is no ranking yet: run until a pass is accepted.");
    ui::exportRanking(record(), path);
}

QStringList RunDocument::exportReport(const QString& dir, const QList<NamedPlot>& figures,
                                      std::vector<TopSetOverlap> overlaps) {
    if (!findings_) throw InputError("There is no result yet: run first.");
    const QStringList files = exportReportFolder(record(), figures, dir, 150, std::move(overlaps));
    setModified(false);
    return files;
}

void RunDocument::exportH5ad(const QString& path) const {
    if (!rankingMatchesDataset())
        throw InputError("Needs a ranking of the loaded dataset's genes: run (or reopen the run) with the dataset "
                         "it was computed on loaded.");
    if (QFileInfo::exists(path) &&
        QFileInfo(path).canonicalFilePath() == QFileInfo(QString::fromStdString(dataset_->source)).canonicalFilePath())
        throw InputError("Choose a new file: the input file is never overwritten.");
    writeAnnotatedH5ad(*dataset_, record(), path.toStdString());
}

}  // namespace dm::ui
