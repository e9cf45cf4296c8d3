#!/bin/sh
# Installs COIN-OR CLP and CBC (LP / MILP solvers, C interfaces) from Debian's packages. Idempotent: does nothing when
# the libraries are already there. Called by the Vpp.Infrastructure build; safe to run by hand.
set -eu
if ldconfig -p 2>/dev/null | grep -q 'libClp\.so' && ldconfig -p 2>/dev/null | grep -q 'libCbcSolver\.so'; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends coinor-libclp-dev coinor-libcbc-dev >/dev/null
