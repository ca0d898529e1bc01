#pragma once
// Namespacing of de-novo transcript ids. Assembled transcripts are tagged DENOVO_ so they
// can never collide with reference ids in the hybrid reference, and so every later table
// can tell a novel feature from an annotated one by its name alone.
#include <string>
#include <vector>

namespace dm {

inline constexpr const char* kDenovoPrefix = "DENOVO_";

bool isDenovo(const std::string& id);

// Adds the prefix unless it is already there (idempotent: tagging twice = tagging once).
std::string tagDenovo(const std::string& id);

// The hybrid reference's id list: reference ids untouched, then the de-novo ids tagged.
// Throws InputError when a reference id already carries the prefix or the two sets share
// an id after tagging (the namespaces must not collide).
std::vector<std::string> mergeReferenceAndDenovo(const std::vector<std::string>& referenceIds,
                                                 const std::vector<std::string>& denovoIds);

// Fraction of ids that are de-novo (0 for an empty list): how much non-documented signal
// the hybrid step brought in.
double denovoFraction(const std::vector<std::string>& ids);

}  // namespace dm
