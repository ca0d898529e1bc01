#pragma once
// Every failure the engine reports is a dm::Error whose message a biologist can act on:
// it names the thing (file, column, flag) and says what to do instead.
#include <stdexcept>
#include <string>

namespace dm {

struct Error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// The input (file, column, value) is wrong: the CLI exits 2, the GUI shows a dialog.
struct InputError : Error {
    using Error::Error;
};

// A configuration field is out of range or inconsistent.
struct ConfigError : InputError {
    using InputError::InputError;
};

// The user asked to stop; carries no failure.
struct Cancelled : Error {
    Cancelled() : Error("cancelled by the user") {}
};

}  // namespace dm
