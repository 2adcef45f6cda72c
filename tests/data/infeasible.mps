* x + y >= 5 with x, y in [0, 2]: infeasible
NAME          INFEAS
ROWS
 N  COST
 G  R1
COLUMNS
    X         COST      1.0          R1        1.0
    Y         COST      1.0          R1        1.0
RHS
    RHS       R1        5.0
BOUNDS
 UP BND       X         2.0
 UP BND       Y         2.0
ENDATA
