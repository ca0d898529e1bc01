#pragma once
// Hand-off to R: the matrices and labels a Seurat pipeline (bench/seurat_pipeline.R)
// reads with read.csv, written as pydeepmapper's export_for_seurat writes them.
#include "data/dataset.h"

#include <string>
#include <vector>

namespace dm {

// A dense CSV of a sparse matrix, streamed row by row (no dense copy): a header line
// `corner,col1,col2,...` then `rowName,v1,v2,...`. Values are written in the shortest
// form that reads back to the same float ("3", "0.25"). Names are quoted when needed.
// Written atomically.
void writeCsvMatrix(const CsrMatrix& X, const std::vector<std::string>& rowNames,
                    const std::vector<std::string>& colNames, const std::string& path,
                    const std::string& corner = "");

// Writes outDir/counts.csv (cells x genes: header with the gene names after an empty
// corner cell, as pandas writes an unnamed index; first column cell0..cellN-1) and
// outDir/labels.csv (`cell,label`, missing labels empty). Creates outDir if needed.
// Returns outDir. Throws InputError if labels and dataset disagree in length.
std::string exportForSeurat(const Dataset& ds, const Labels& labels, const std::string& outDir);

}  // namespace dm
