// A layer's configuration node and show commands, described without
// libosmovty: the layer owns its typed configuration, the commands that fill
// it and the lines that write it back; sigtran/ (the only libosmo home)
// installs the description into the Osmocom VTY (sigtran/vty_node.h), so the
// node reads from the .cfg file and the telnet VTY like every Osmocom
// program's.
//
//   config::node n{"scp", "Configure the SCP service logic\n", "scp"};
//   n.commands.push_back(config::assign("no-answer-timer <0-3600>",
//                                       "No answer timer\nSeconds\n", cfg.no_answer_timer_s));
//   n.commands.push_back({"country-code DIGITS", "Own country code\nDigits\n",
//                         [&cfg](config::args a) -> config::outcome {
//                           if (!all_digits(a[0])) return config::refuse("1 to 3 digits");
//                           cfg.country_code = a[0];
//                           return ok;
//                         }});
//   n.write = [&cfg](config::writer& w) {
//     w.line("scp");
//     w.line(" no-answer-timer ", cfg.no_answer_timer_s);
//     w.line("!");
//   };
//
// Handlers run while the file is read and on the telnet VTY, on the osmo
// thread; a value the syntax accepts but the node cannot use is refused with
// the reason, which the reader prints next to the file name and line.
// Enumerations are parsed in the handler, once, into the typed config
// (parse_keyword below); libosmovty hands a "(a|b)" choice over spelled out
// even when a telnet user abbreviated it.
#pragma once

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "common/result.h"

namespace cmr::config {

// The arguments libosmovty matched to the syntax's variables, in order (an
// absent optional "[X]" is not there: args.size() tells).
using args = std::span<const std::string_view>;

// What a handler returns: ok, or the reason the value is refused.
using outcome = result<void, std::string>;

// libosmovty's help line of the "no" and "show" keywords, before the rest.
inline std::string no_doc(std::string_view rest) {
  return "Negate a command or set its defaults\n" + std::string(rest);
}
inline std::string show_doc(std::string_view rest) {
  return "Show running system information\n" + std::string(rest);
}

// The usual refusal of a value outside what a handler accepts.
inline unexpected<std::string> refuse(std::string why) {
  return unexpected{std::move(why)};
}

// Where a node writes itself ("show running-config", "write file"): one
// line at a time, without the newline, indentation included. line() joins
// its parts: strings as they are, integers in decimal.
class writer {
public:
  virtual ~writer() = default;
  template <typename... Parts>
  void line(const Parts&... parts) {
    std::string text;
    (append(text, parts), ...);
    emit(text);
  }

protected:
  virtual void emit(std::string_view text) = 0;

private:
  template <typename T>
  static void append(std::string& out, const T& part) {
    static_assert(!std::is_same_v<T, bool>, "write a keyword, not a bool");
    if constexpr (std::is_integral_v<T>)
      out += std::to_string(part);
    else
      out += std::string_view(part);
  }
};

struct command {
  std::string syntax;  // libosmovty syntax: "assist-timeout <1-300>"
  std::string doc;     // one help line per token, each ending in '\n'
  std::function<outcome(args)> run;
};

struct node {
  node(std::string name_, std::string doc_, std::string prompt_)
      : name(std::move(name_)), doc(std::move(doc_)), prompt(std::move(prompt_)) {}

  std::string name;    // the command entering it from the config node: "scp"
  std::string doc;     // that command's help line ('\n'-terminated)
  std::string prompt;  // shown as "<host>(config-<prompt>)# "
  std::vector<command> commands;
  std::function<void(writer&)> write;  // the node line and the closing "!" included
  // Runs each time the node is entered (its line in the file, or the telnet
  // command), before any of its commands; may be empty.
  std::function<void()> on_enter;
};

// A command of the view and enable nodes ("show cmr scp"): its text, lines
// separated by '\n', or a warning that the VTY prints after "% ".
struct show_command {
  std::string syntax;
  std::string doc;
  std::function<result<std::string, std::string>(args)> run;
};

// A number the syntax already range-checked ("<0-3600>"); 0 when it is not
// one (a syntax without a range: check it in the handler instead).
template <typename T>
T number(std::string_view text) {
  // libosmovty range-checks with strtol()/strtoul(), which take a leading
  // '+' ("ssn +2" matches <2-254>); from_chars() does not, and gave 0.
  if (text.starts_with('+')) text.remove_prefix(1);
  T value{};
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

// A command with one argument that becomes `field` as it is: a number the
// syntax range-checked, or a string. `field` must outlive the VTY.
template <typename T>
command assign(std::string syntax, std::string doc, T& field) {
  return {std::move(syntax), std::move(doc), [&field](args a) -> outcome {
            if constexpr (std::is_integral_v<T>)
              field = number<T>(a[0]);
            else
              field = T(a[0]);
            return ok;
          }};
}

// "bind A.B.C.D <0-65535>": where a server listens; `doc` is the help of
// "bind", the address and the port.
inline command bind(std::string doc, std::string& address, std::uint16_t& port) {
  return {"bind A.B.C.D <0-65535>", std::move(doc), [&address, &port](args a) -> outcome {
            address = a[0];
            port = number<std::uint16_t>(a[1]);
            return ok;
          }};
}

// A command without arguments that sets `field` to `value` ("shutdown",
// "no demo-catalogue").
template <typename T>
command assign_value(std::string syntax, std::string doc, T& field, T value) {
  return {std::move(syntax), std::move(doc), [&field, value](args) -> outcome {
            field = value;
            return ok;
          }};
}

// An enumeration's configuration keywords, in one table per enumeration:
// parsed once when the command runs, written back from the same table.
template <typename E>
struct keyword {
  std::string_view word;
  E value;
};

template <typename E, std::size_t N>
std::optional<E> parse_keyword(const keyword<E> (&table)[N], std::string_view word) {
  for (const auto& k : table)
    if (k.word == word) return k.value;
  return std::nullopt;
}

template <typename E, std::size_t N>
std::string_view keyword_of(const keyword<E> (&table)[N], E value) {
  for (const auto& k : table)
    if (k.value == value) return k.word;
  return "?";
}

}  // namespace cmr::config
