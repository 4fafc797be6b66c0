// An uncaught exception ends the script; what was printed before stays.
print("before");
null.x;
print("not reached");
