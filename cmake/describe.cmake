# describe.cmake: run in script mode by cmd/CMakeLists.txt to write the man
# page and the completion scripts with the infraplan just built, which draws
# them from its option tables (cmd/describe.c).
#   cmake -DBIN=build/cmd/infraplan -DDIR=build/cmd -P describe.cmake
foreach(doc "infraplan.1;--man" "infraplan.bash;--completion;bash" "_infraplan;--completion;zsh")
  list(POP_FRONT doc file)
  execute_process(COMMAND ${BIN} help ${doc} OUTPUT_FILE ${DIR}/${file}.tmp RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "infraplan help ${doc} failed (${rc})")
  endif()
  file(RENAME ${DIR}/${file}.tmp ${DIR}/${file})
endforeach()
