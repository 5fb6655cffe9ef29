# cmake -DINPUT=<file> -DOUTPUT=<file.cpp> -DHEADER=<include> -DNAMESPACE=<ns> -DNAME=<name> -P EmbedFile.cmake
# Writes a C++ source that defines, in namespace NAMESPACE, the functions declared in HEADER:
#   std::string_view NAME() noexcept;         the bytes of INPUT
#   std::string_view NAME_sha256() noexcept;  their SHA-256 in hex
# A byte array rather than a raw string literal, so any content (even ")") embeds unchanged.
foreach(variable INPUT OUTPUT HEADER NAMESPACE NAME)
  if(NOT DEFINED ${variable})
    message(FATAL_ERROR "EmbedFile.cmake: -D${variable}=... is required")
  endif()
endforeach()

file(READ "${INPUT}" hex HEX)
file(SHA256 "${INPUT}" digest)
string(LENGTH "${hex}" hex_length)
math(EXPR byte_count "${hex_length} / 2")
# Twenty bytes a line, each as 0xNN.
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REPEAT "0x[0-9a-f][0-9a-f]," 20 line_of_bytes)
string(REGEX REPLACE "(${line_of_bytes})" "\\1\n    " bytes "${bytes}")
get_filename_component(input_name "${INPUT}" NAME)

file(WRITE "${OUTPUT}.tmp" "// Generated at build time from ${input_name} by cmake/EmbedFile.cmake: edit the source file.
#include \"${HEADER}\"

namespace ${NAMESPACE} {
namespace {

constexpr unsigned char ${NAME}_bytes[${byte_count} + 1] = {
    ${bytes}0x00};

}  // namespace

std::string_view ${NAME}() noexcept {
  return {reinterpret_cast<const char*>(${NAME}_bytes), ${byte_count}};
}

std::string_view ${NAME}_sha256() noexcept { return \"${digest}\"; }

}  // namespace ${NAMESPACE}
")
# Unchanged content keeps the old file's timestamp, so nothing recompiles needlessly.
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
