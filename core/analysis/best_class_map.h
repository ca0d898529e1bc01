#pragma once
// The "class_abs" and "class_signed" aggregations of attributions into one score per gene:
// each class's map over its own cells, then the best class per gene. Pure, no LibTorch.
//
// With standardized inputs and integrated gradients from the mean cell, a cell's
// attribution of gene g toward class c is about w_cg * (x_g - mean_g). Its mean over the
// cells of class c is then weight x effect size (how far the class sits from the typical
// cell, through the model): a t-statistic seen through the model, where noise genes
// cancel. The mean |attribution| instead measures mostly |w_cg| x the gene's spread,
// which noise genes have too.
#include <vector>

namespace dm {

// Per feature, the largest over classes of the class's mean attribution (signed or
// absolute) toward itself over its own cells (`classMaps[c]`, one value per feature; an empty map is a
// class with no attributed cell and is skipped). Negative means (the model reads the gene
// against the class) count 0. All maps that are not empty must have the same length;
// the result has that length (empty when every map is).
std::vector<float> bestClassMap(const std::vector<std::vector<float>>& classMaps);

}  // namespace dm
