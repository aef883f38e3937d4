# gridline: the two commands of the quick start are `make demo` and `make test`.
# Every target installs what is missing (scripts/setup.sh) before it builds.
BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= $(shell nproc)

FUZZ_BUILD   ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= codec_decode chunk_decode csv_parse json_readings topology_csv topology_geojson \
                query_params

.PHONY: all setup build demo test bench check-sanitize fuzz format clean

all: build

setup:
	@./scripts/setup.sh

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo

build: setup $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) --timeout 900

demo: build
	./$(BUILD)/gridline demo

bench: build
	./$(BUILD)/gridline bench core

check-sanitize: setup
	cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DGL_SANITIZE=ON
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure -j $(JOBS) -L unit -LE slow

# Coverage-guided fuzzing with libFuzzer (clang): each target for FUZZ_SECONDS, starting from its
# seed corpus in test/fuzz/corpus/ (new finds go to $(FUZZ_BUILD)/corpus-<target>).
fuzz:
	@./scripts/setup.sh fuzz
	cmake -S . -B $(FUZZ_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DGL_FUZZ=ON -DGL_WERROR=OFF
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target $(addsuffix _fuzzer,$(FUZZ_TARGETS))
	for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZ_BUILD)/corpus-$$t && \
	  ./$(FUZZ_BUILD)/$${t}_fuzzer -max_total_time=$(FUZZ_SECONDS) $(FUZZ_BUILD)/corpus-$$t \
	    test/fuzz/corpus/$$t || exit 1; \
	done

format:
	find src test bench -name '*.h' -o -name '*.cc' | xargs clang-format -i

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
